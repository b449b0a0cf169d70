import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { Errors, NeutronError } from '@muon/contracts';
import { LOGGER, type Logger } from '@muon/service-kit';

/** Fastify's codes for a body that is not the JSON its content-type promises. */
const MALFORMED_BODY_CODES = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_CONTENT_LENGTH']);

interface ReplyLike { code(s: number): ReplyLike; header(k: string, v: string): ReplyLike; send(b: unknown): void }

/** Every failure leaves as Neutron's error body; nothing unexpected reaches the client raw. */
@Catch()
export class NeutronErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const error = this.toNeutron(exception);
    reply.code(error.status).header('content-type', 'application/json').send(JSON.stringify(error.toBody()));
  }

  private toNeutron(exception: unknown): NeutronError {
    if (exception instanceof NeutronError) return exception;
    const fastifyCode = (exception as { code?: string; statusCode?: number })?.code;
    if ((fastifyCode && MALFORMED_BODY_CODES.has(fastifyCode)) || exception instanceof SyntaxError) return Errors.malformedBody();
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return new NeutronError(413, 'HTTPRequestEntityTooLarge', 'Request body too large');
    if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new NeutronError(415, 'HTTPUnsupportedMediaType', 'Unsupported Content-Type');
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return Errors.resourceNotFound('');
      if (status === 405) return Errors.methodNotAllowed();
      if (status < 500) return new NeutronError(status, 'HTTPBadRequest', exception.message);
    }
    const status = (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return new NeutronError(status, 'HTTPBadRequest', String((exception as Error).message));
    this.log.error({ err: exception }, 'unexpected error');
    return Errors.internal();
  }
}

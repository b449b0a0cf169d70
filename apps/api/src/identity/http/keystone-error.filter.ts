import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { LOGGER, type Logger } from '@muon/service-kit';
import { KeystoneError, KeystoneErrors } from './keystone-error.js';

interface ReplyLike { code(s: number): ReplyLike; header(k: string, v: string): ReplyLike; send(b: unknown): void }

/** Under /identity every failure leaves in Keystone's error shape, not Neutron's. */
@Catch()
export class KeystoneErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = exception instanceof HttpException
      ? (exception.getStatus() === 404 ? new KeystoneError(404, 'The resource could not be found.') : new KeystoneError(exception.getStatus(), exception.message))
      : KeystoneError.from(exception);
    if (error.status >= 500) this.log.error({ err: exception }, 'identity: unexpected error');
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    reply.code(error.status).header('content-type', 'application/json').send(JSON.stringify(error.toBody()));
  }
}

export { KeystoneErrors };

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Errors } from '@muon/contracts';

type Done = (err: Error | null, value?: unknown) => void;
type Parser = (req: unknown, body: Buffer, done: Done) => void;

/** The part of Fastify's instance this needs. */
interface FastifyParsers {
  initialConfig: { bodyLimit?: number };
  getDefaultJsonParser(onProtoPoisoning: string, onConstructorPoisoning: string): Parser;
  removeContentTypeParser(contentType: string): void;
  addContentTypeParser(contentType: string, opts: { parseAs: 'buffer'; bodyLimit?: number }, parser: Parser): void;
}

/**
 * Neutron answers a body that is not JSON with 400 "Malformed request body". Fastify's JSON parser
 * fails with a FastifyError that Nest turns into a bare HttpException (its code lost) before any
 * filter sees it, so the gateway wraps the parser and fails with the NeutronError itself.
 */
@Injectable()
export class JsonBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance() as FastifyParsers;
    const parse = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: fastify.initialConfig.bodyLimit }, (req, body, done) => {
      parse(req, body, (err, value) => (err ? done(Errors.malformedBody()) : done(null, value)));
    });
  }
}

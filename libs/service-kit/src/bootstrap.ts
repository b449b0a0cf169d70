import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@muon/telemetry';
import { LOGGER } from './tokens.js';

/** Routes Nest's own log lines into the structured pino logger. */
class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  log(message: unknown, ctx?: string) { this.pino.debug({ ctx }, String(message)); }
  error(message: unknown, trace?: string, ctx?: string) { this.pino.error({ ctx, trace }, String(message)); }
  warn(message: unknown, ctx?: string) { this.pino.warn({ ctx }, String(message)); }
}

export interface BootOptions { host: string; port: number; bodyLimit?: number }

/** Creates the Nest app on Fastify, listens on loopback (or the configured host), logs where. */
export async function bootstrapService(module: unknown, opts: BootOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: opts.bodyLimit ?? 16 * 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, { bufferLogs: true });
  const log = app.get<Logger>(LOGGER);
  app.useLogger(new NestPinoLogger(log));
  app.enableShutdownHooks();
  await app.listen({ host: opts.host, port: opts.port });
  log.info({ url: await app.getUrl() }, 'listening');
  return app;
}

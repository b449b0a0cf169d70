import 'reflect-metadata';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { NestFactory } from '@nestjs/core';
import { Errors, NeutronError } from '@muon/contracts';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LoggerService } from '@nestjs/common';
import { activeSpan, httpInstrumented, serverSpans, withActiveSpan, type Logger } from '@muon/telemetry';
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
  const adapter = new FastifyAdapter({
    bodyLimit: opts.bodyLimit ?? 16 * 1024 * 1024,
    // Fastify's default (100 characters) would answer a long id with a router error; past this, 414.
    routerOptions: { maxParamLength: 1024 },
    // What Fastify answers by itself, before any route or Nest filter runs, leaves in Neutron's error shape too.
    frameworkErrors: (error: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const neutron = frameworkError(error);
      void reply.code(neutron.status).header('content-type', 'application/json').send(JSON.stringify(neutron.toBody()));
    },
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, { bufferLogs: true });
  const log = app.get<Logger>(LOGGER);
  app.useLogger(new NestPinoLogger(log));
  app.enableShutdownHooks();
  // First, so that every later hook (the request log, authentication) runs in the request's span.
  if (!httpInstrumented()) serverSpans(app.getHttpAdapter().getInstance() as never);
  logEveryRequest(app, log);
  await app.listen({ host: opts.host, port: opts.port });
  log.info({ url: await app.getUrl() }, 'listening');
  return app;
}

/** Paths that probes and scrapers poll: logged at debug, so they never drown the request lines. */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const MAX_LOGGED_URL = 1024;

/**
 * One line per HTTP request when its response is sent, written inside the request's server span, so
 * the line carries the trace id that the request's spans (gateway → NATS → owner → append) share.
 */
function logEveryRequest(app: NestFastifyApplication, log: Logger): void {
  const fastify = app.getHttpAdapter().getInstance();
  const spans = new WeakMap<object, ReturnType<typeof activeSpan>>();
  fastify.addHook('onRequest', async (req) => {
    spans.set(req, activeSpan());
  });
  fastify.addHook('onResponse', async (req, reply) => {
    const path = req.url.split('?', 1)[0]!;
    const url = req.url.length > MAX_LOGGED_URL ? `${req.url.slice(0, MAX_LOGGED_URL)}…` : req.url;
    const line = { method: req.method, url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    withActiveSpan(spans.get(req), () => (PROBE_PATHS.has(path) ? log.debug(line, 'request') : log.info(line, 'request')));
  });
}

/** Errors of Fastify's router (bad percent-encoding, an over-long path segment) as Neutron errors. */
function frameworkError(error: { code?: string; statusCode?: number }): NeutronError {
  switch (error.code) {
    case 'FST_ERR_BAD_URL': return Errors.badRequest('Malformed URL: a path segment is not valid percent-encoded UTF-8');
    case 'FST_ERR_MAX_PARAM_LENGTH': return new NeutronError(414, 'HTTPRequestURITooLong', 'A path segment of the URL is too long');
    default: return error.statusCode !== undefined && error.statusCode < 500 ? new NeutronError(error.statusCode, 'HTTPBadRequest', 'Bad request') : Errors.internal();
  }
}

/**
 * Requests Node's HTTP parser refuses (headers or URL over its size limit, malformed HTTP) never reach
 * Fastify's routing; like Fastify's default handler, answer and close the connection, but with a
 * NeutronError body.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error = err.code === 'HPE_HEADER_OVERFLOW' ? new NeutronError(431, 'HTTPRequestHeaderFieldsTooLarge', 'The request line or headers are too large')
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new NeutronError(408, 'HTTPRequestTimeout', 'The request was not received in time')
    : Errors.badRequest('Malformed HTTP request');
  const body = JSON.stringify(error.toBody());
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

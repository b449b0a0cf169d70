import { ROOT_CONTEXT, SpanKind, context, propagation, trace, type Context } from '@opentelemetry/api';

interface HookRequest { method: string; headers: Record<string, string | string[] | undefined> }
type Done = () => void;
interface FastifyHooks {
  addHook(name: 'onRequest' | 'preHandler' | 'onResponse', hook: (req: HookRequest, reply: unknown, done: Done) => void): void;
}

const tracer = trace.getTracer('muon-http');

/**
 * A server span for every request, where OpenTelemetry's HTTP instrumentation is left out because
 * nothing is recorded (telemetry's `httpInstrumented`). The span is never recorded either: it
 * carries the trace id that the request's log lines and its NATS messages share, continuing a
 * `traceparent` the client sent. Its context is entered when the request arrives and again before
 * the handler: a body that comes in later socket reads resumes Fastify from the socket's callbacks,
 * outside the context the request began in.
 */
export function serverSpans(fastify: FastifyHooks): void {
  const contexts = new WeakMap<object, Context>();
  fastify.addHook('onRequest', (req, _reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER }, parent);
    const ctx = trace.setSpan(parent, span);
    contexts.set(req, ctx);
    context.with(ctx, done);
  });
  fastify.addHook('preHandler', (req, _reply, done) => {
    const ctx = contexts.get(req);
    if (ctx) context.with(ctx, done); else done();
  });
  fastify.addHook('onResponse', (req, _reply, done) => {
    const ctx = contexts.get(req);
    if (ctx) trace.getSpan(ctx)?.end();
    done();
  });
}

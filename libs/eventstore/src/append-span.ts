import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('@muon/eventstore');

/** Headers that carry the trace from the append to every subscriber (W3C traceparent, tracestate). */
export type TraceHeaders = Record<string, string>;

/** One stream's part of an append, as its span records it. */
export interface AppendSpanInput {
  stream: string;
  eventCount: number;
  /** The command's traceparent, joined when the caller has no active span. */
  traceparent: string | null | undefined;
}

/**
 * Runs an append inside one `eventstore.append` span per stream. A span joins the caller's active
 * trace, or, when the caller has no active span (async context lost on the way, or a batch of
 * commands run together), the trace named by its command's traceparent. The headers handed to `fn`
 * (one per stream, in order) name that stream's span, so subscribers become its children. With a
 * single stream the span is also active while `fn` runs, so the statement's own spans nest in it.
 */
export async function inAppendSpans<T>(inputs: readonly AppendSpanInput[], fn: (headers: TraceHeaders[]) => Promise<T>): Promise<T> {
  const started = inputs.map((input) => {
    const parent = parentContext(input.traceparent);
    const attributes = { 'muon.stream': input.stream, 'muon.event_count': input.eventCount };
    const span = tracer.startSpan('eventstore.append', { kind: SpanKind.INTERNAL, attributes }, parent);
    const spanContext = trace.setSpan(parent, span);
    const headers: TraceHeaders = {};
    propagation.inject(spanContext, headers);
    // Without a registered propagator (no OTel SDK) inject writes nothing; keep the command's own context.
    if (!headers.traceparent && input.traceparent) headers.traceparent = input.traceparent;
    return { span, spanContext, headers };
  });
  const headers = started.map((s) => s.headers);
  try {
    return await (started.length === 1 ? context.with(started[0]!.spanContext, () => fn(headers)) : fn(headers));
  } catch (error) {
    for (const { span } of started) failed(span, error as Error);
    throw error;
  } finally {
    for (const { span } of started) span.end();
  }
}

function failed(span: Span, error: Error): void {
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

function parentContext(commandTraceparent: string | null | undefined): Context {
  const active = context.active();
  if (trace.getSpan(active) || !commandTraceparent) return active;
  return propagation.extract(active, { traceparent: commandTraceparent });
}

/** A trace context to run work in later, without handing OpenTelemetry types around. */
export interface TraceScope {
  run<R>(fn: () => R): R;
}

/** The trace context active now: a command queued to run later (in a batch) keeps its own trace. */
export function currentTraceScope(): TraceScope {
  const active = context.active();
  return { run: (fn) => context.with(active, fn) };
}

/**
 * No trace context at all: a transaction for a batch of commands runs here, so each append span
 * joins its own command's trace (by the traceparent in its meta) rather than whichever command
 * happened to start the batch.
 */
export const NO_TRACE: TraceScope = { run: (fn) => context.with(ROOT_CONTEXT, fn) };

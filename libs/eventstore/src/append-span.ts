import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';

const tracer = trace.getTracer('@muon/eventstore');

/** Headers that carry the trace from the append to every subscriber (W3C traceparent, tracestate). */
export type TraceHeaders = Record<string, string>;

/**
 * Runs an append inside an `eventstore.append` span. The span joins the caller's active trace, or,
 * when the handler has no active span (async context lost on the way), the trace named by the
 * command's traceparent. The headers handed to `fn` name this span, so subscribers become its children.
 */
export async function inAppendSpan<T>(
  stream: string,
  eventCount: number,
  commandTraceparent: string | null | undefined,
  fn: (headers: TraceHeaders) => Promise<T>,
): Promise<T> {
  const parent = parentContext(commandTraceparent);
  const attributes = { 'muon.stream': stream, 'muon.event_count': eventCount };
  return tracer.startActiveSpan('eventstore.append', { kind: SpanKind.INTERNAL, attributes }, parent, async (span) => {
    try {
      const headers: TraceHeaders = {};
      propagation.inject(context.active(), headers);
      // Without a registered propagator (no OTel SDK) inject writes nothing; keep the command's own context.
      if (!headers.traceparent && commandTraceparent) headers.traceparent = commandTraceparent;
      return await fn(headers);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

function parentContext(commandTraceparent: string | null | undefined): Context {
  const active = context.active();
  if (trace.getSpan(active) || !commandTraceparent) return active;
  return propagation.extract(active, { traceparent: commandTraceparent });
}

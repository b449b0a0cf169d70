import { context, trace, type Span } from '@opentelemetry/api';

/** The span active now: the HTTP server span while a request's first hook runs. */
export const activeSpan = (): Span | undefined => trace.getActiveSpan();

/**
 * Runs `fn` with `span` active, so log lines written there carry its trace and span id even where
 * the async context did not follow (an HTTP response's 'finish' callbacks, for one).
 */
export function withActiveSpan<T>(span: Span | undefined, fn: () => T): T {
  return span ? context.with(trace.setSpan(context.active(), span), fn) : fn();
}

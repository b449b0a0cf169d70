import { pino, type Logger } from 'pino';
import { trace } from '@opentelemetry/api';

/** Structured JSON logs; every line carries the active trace and span id so logs join traces. */
export function createLogger(service: string): Logger {
  return pino({
    name: `muon-${service}`,
    level: process.env.LOG_LEVEL ?? 'info',
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
  });
}
export type { Logger };

export { httpInstrumented, startTracing, stopTracing } from './tracing.js';
export { serverSpans } from './server-spans.js';
export { activeSpan, withActiveSpan } from './span-scope.js';
export { createLogger, type Logger } from './logger.js';
export { createMetrics, type Metrics } from './metrics.js';

import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler, NoopSpanProcessor, ParentBasedSampler, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';

let sdk: NodeSDK | undefined;
let instrumentsHttp = false;

/**
 * Whether OpenTelemetry's HTTP instrumentation makes the server spans of this process. When spans
 * are recorded nowhere it is left out, and the HTTP server gives each request a plain span of its
 * own instead (service-kit's `serverSpans`): the instrumentation cost about 130 µs of CPU per request
 * in the profiles, mostly computing attributes for spans that were then dropped.
 */
export const httpInstrumented = (): boolean => instrumentsHttp;

/**
 * Starts OpenTelemetry for this process. Spans are always created (so logs carry trace ids);
 * they leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) names a
 * collector, or when a test passes its own processors (an in-memory exporter).
 *
 * With a collector, the SDK builds the exporter and its batching from the standard variables, so an
 * operator's settings mean what the OpenTelemetry spec says: OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
 * (http/protobuf by default, http/json, grpc), OTEL_BSP_SCHEDULE_DELAY and the other OTEL_BSP_*,
 * OTEL_TRACES_SAMPLER. Only traces are exported: metrics are Prometheus' (/metrics), logs are stdout's.
 */
export function startTracing(serviceName: string, processors?: SpanProcessor[]): void {
  if (sdk) return;
  const collector = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const spanProcessors = processors ?? (collector ? undefined : [new NoopSpanProcessor()]);
  // With nowhere to send spans, don't record them (≈ 0.3–0.5 ms of CPU per request in the profiles):
  // non-recording spans still carry trace ids into logs and NATS headers, and a request that arrives
  // sampled from a process with a collector is still recorded (parent-based).
  const recordNothing = !processors && !collector && !process.env.OTEL_TRACES_SAMPLER;
  instrumentsHttp = !recordNothing;
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': `muon-${serviceName}` }),
    ...(spanProcessors ? { spanProcessors } : {}),
    ...(recordNothing ? { sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) } : {}),
    // Given explicitly, so the SDK does not start its own OTLP metric and log exporters (their
    // env defaults would push to localhost:4318 whether or not a collector is there).
    metricReaders: [],
    logRecordProcessors: [],
    // Query spans are only worth their wrapping when they are recorded.
    instrumentations: recordNothing ? [] : [new HttpInstrumentation(), new PgInstrumentation({ requireParentSpan: true })],
  });
  sdk.start();
}

export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
  instrumentsHttp = false;
}

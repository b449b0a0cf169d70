import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry for this process. Spans are always created (so logs carry trace ids);
 * they leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT names a collector, or when a test
 * passes its own processors (an in-memory exporter).
 */
export function startTracing(serviceName: string, processors?: SpanProcessor[]): void {
  if (sdk) return;
  const spanProcessors = processors ?? (process.env.OTEL_EXPORTER_OTLP_ENDPOINT
    ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })]
    : [new NoopSpanProcessor()]);
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': `muon-${serviceName}` }),
    spanProcessors,
    instrumentations: [new HttpInstrumentation(), new PgInstrumentation({ requireParentSpan: true })],
  });
  sdk.start();
}

export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { EventStore } from '../src/index.js';
import { openScratchStore, testActor, type ScratchStore } from './support/scratch-store.js';

describe('tracing an append', () => {
  const exporter = new InMemorySpanExporter();
  let scratch: ScratchStore;
  let store: EventStore;
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
    scratch = await openScratchStore('es_trace');
    store = scratch.store;
  });
  afterAll(async () => {
    await scratch.dispose();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  const outboxHeaders = async (eventId: string) =>
    (await store.query<{ headers: Record<string, string> }>('select headers from outbox where event_id = $1', [eventId])).rows[0]!.headers;

  it('records an eventstore.append span inside the handler span, and outbox rows name it as their parent', async () => {
    exporter.reset();
    const tracer = trace.getTracer('test');
    const [event] = await tracer.startActiveSpan('handle create port', async (handlerSpan) => {
      try {
        return await store.transact((tx) => tx.append('port-t1', 'no_stream', [{ type: 'ipam.port.created', data: {} }], { actor: testActor }));
      } finally {
        handlerSpan.end();
      }
    });
    const spans = exporter.getFinishedSpans();
    const append = spans.find((span) => span.name === 'eventstore.append')!;
    const handler = spans.find((span) => span.name === 'handle create port')!;
    expect(append.parentSpanContext?.spanId).toBe(handler.spanContext().spanId);
    expect(append.attributes).toMatchObject({ 'muon.stream': 'port-t1', 'muon.event_count': 1 });
    const { traceId, spanId } = append.spanContext();
    expect((await outboxHeaders(event!.id)).traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });

  it("joins the command's traceparent when the handler has no active span", async () => {
    exporter.reset();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const [event] = await store.transact((tx) =>
      tx.append('port-t2', 'no_stream', [{ type: 'ipam.port.created', data: {} }], { actor: testActor, traceparent }),
    );
    const [append] = exporter.getFinishedSpans();
    expect(append!.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(append!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect((await outboxHeaders(event!.id)).traceparent).toBe(`00-0af7651916cd43dd8448eb211c80319c-${append!.spanContext().spanId}-01`);
  });

  it('marks the span as failed when the append loses its race', async () => {
    exporter.reset();
    await expect(
      store.transact((tx) => tx.append('port-t2', 'no_stream', [{ type: 'ipam.port.created', data: {} }], { actor: testActor }), { retries: 0 }),
    ).rejects.toMatchObject({ name: 'StreamVersionConflict' });
    const [append] = exporter.getFinishedSpans();
    expect(append!.status.code).toBe(SpanStatusCode.ERROR);
  });
});

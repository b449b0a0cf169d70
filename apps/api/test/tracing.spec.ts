/**
 * One trace per request (DESIGN.md §2): the gateway's HTTP server span, its NATS request, the owner's
 * handler and the event append share one trace id with the right parents; the event published to
 * JetStream names the append span; and the gateway's log line of the request carries the same trace
 * id, so logs and traces join. Spans leave the processes through the standard OTLP variables to a
 * small OTLP/HTTP JSON receiver run by this test.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { TestPlatform } from '@muon/embedded';
import { OtlpReceiver, SpanKind, type ReceivedSpan } from './support/otlp-receiver.js';

const receiver = new OtlpReceiver();
let platform: TestPlatform;

beforeAll(async () => {
  await receiver.start();
  platform = new TestPlatform({
    repoRoot: join(import.meta.dirname, '..', '..', '..'),
    postgresUrl: process.env.TEST_DATABASE_URL!,
    services: { ipam: 1, api: 1 },
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    serviceEnv: { api: { LOG_LEVEL: 'info' } },
  });
  await platform.start();
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  await receiver.stop();
});

const PROJECT = 'tracing';
const isPortPost = (s: ReceivedSpan) => s.service === 'muon-api' && s.kind === SpanKind.SERVER
  && (s.attributes['http.request.method'] ?? s.attributes['http.method']) === 'POST'
  && String(s.attributes['url.path'] ?? s.attributes['http.target'] ?? '').startsWith('/v2.0/ports');

describe('a port create is one trace from the gateway to the event', () => {
  let portId = '';
  let http: ReceivedSpan;
  let append: ReceivedSpan;

  it('links the HTTP server span, the NATS request, the IPAM handler and the append under one trace id', async () => {
    const net = await (await platform.request('POST', '/v2.0/networks', { network: { name: 'traced' } }, { project: PROJECT })).json() as { network: { id: string } };
    await platform.request('POST', '/v2.0/subnets', { subnet: { network_id: net.network.id, cidr: '10.80.0.0/24', ip_version: 4 } }, { project: PROJECT });
    const res = await platform.request('POST', '/v2.0/ports', { port: { network_id: net.network.id } }, { project: PROJECT });
    expect(res.status).toBe(201);
    portId = (await res.json() as { port: { id: string } }).port.id;

    const spans = await receiver.waitFor((all) => {
      const server = all.find(isPortPost);
      if (!server) return undefined;
      const trace = all.filter((s) => s.traceId === server.traceId);
      const names = trace.map((s) => s.name);
      return names.some((n) => n.startsWith('handle muon.cmd.ipam.port.create')) && names.includes('eventstore.append') ? { server, trace } : undefined;
    });
    expect(receiver.rejected).toEqual([]);
    http = spans.server;
    const byId = new Map(spans.trace.map((s) => [s.spanId, s]));
    const one = (pred: (s: ReceivedSpan) => boolean, what: string) => {
      const found = spans.trace.filter(pred);
      expect({ what, count: found.length }).toEqual({ what, count: 1 });
      return found[0]!;
    };

    // The gateway starts the trace: its HTTP server span has no parent.
    expect(http.parentSpanId).toBe('');
    const request = one((s) => s.name === 'nats request muon.cmd.ipam.port.create', 'gateway NATS request span');
    const handler = one((s) => s.name === 'handle muon.cmd.ipam.port.create', 'IPAM handler span');
    append = one((s) => s.name === 'eventstore.append' && s.attributes['muon.stream'] === `port-${portId}`, 'append span of the port stream');

    expect({ service: request.service, kind: request.kind, parent: byId.get(request.parentSpanId)?.name })
      .toEqual({ service: 'muon-api', kind: SpanKind.CLIENT, parent: http.name });
    expect(request.parentSpanId).toBe(http.spanId);
    expect({ service: handler.service, kind: handler.kind }).toEqual({ service: 'muon-ipam', kind: SpanKind.SERVER });
    expect(handler.parentSpanId).toBe(request.spanId);
    expect({ service: append.service, kind: append.kind }).toEqual({ service: 'muon-ipam', kind: SpanKind.INTERNAL });
    expect(append.parentSpanId).toBe(handler.spanId);
    // Every span of the trace hangs off another span of it: no orphan, no second root.
    expect(spans.trace.filter((s) => s.parentSpanId !== '' && !byId.has(s.parentSpanId)).map((s) => s.name)).toEqual([]);
    expect(spans.trace.filter((s) => s.parentSpanId === '')).toHaveLength(1);
  }, 30_000);

  it('publishes the event with a traceparent naming the append span, so subscribers continue the trace', async () => {
    expect(append).toBeDefined();
    const nc = await connect({ servers: platform.natsUrl });
    try {
      const consumer = await jetstream(nc).consumers.get('MUON_EVENTS');
      const deadline = Date.now() + 10_000;
      let traceparent: string | undefined;
      while (!traceparent && Date.now() < deadline) {
        const batch = await consumer.fetch({ max_messages: 100, expires: 1000 });
        for await (const msg of batch) {
          const event = msg.json<{ type: string; data: { port?: { id: string } } }>();
          if (event.type === 'ipam.port.created' && event.data.port?.id === portId) traceparent = msg.headers?.get('traceparent');
        }
      }
      expect(traceparent).toBe(`00-${append.traceId}-${append.spanId}-01`);
    } finally {
      await nc.close();
    }
  }, 20_000);

  it("writes the gateway's log line of the request with the same trace id", async () => {
    expect(http).toBeDefined();
    const lines = readFileSync(join(platform.logDir, 'api-0.log'), 'utf8').split('\n').filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; method?: string; url?: string; status?: number; trace_id?: string; span_id?: string });
    const line = lines.find((l) => l.msg === 'request' && l.method === 'POST' && l.url === '/v2.0/ports');
    expect(line).toMatchObject({ status: 201, trace_id: http.traceId, span_id: http.spanId });
  });
});

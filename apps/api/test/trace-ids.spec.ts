/**
 * With no collector, nothing is recorded and OpenTelemetry's HTTP instrumentation is left out; each
 * request still gets a trace id of its own (or continues the client's traceparent), which its log
 * line and its NATS request to the owner carry, so logs of gateway and owner join by it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { TestPlatform } from '@muon/embedded';

let platform: TestPlatform;
let nc: NatsConnection;
const seen: { subject: string; traceparent: string | undefined }[] = [];

beforeAll(async () => {
  platform = new TestPlatform({
    repoRoot: join(import.meta.dirname, '..', '..', '..'),
    postgresUrl: process.env.TEST_DATABASE_URL!,
    services: { ipam: 1, api: 1 },
    serviceEnv: { api: { LOG_LEVEL: 'info' } },
  });
  await platform.start();
  nc = await connect({ servers: platform.natsUrl });
  // A plain subscriber beside ipam's queue group sees a copy of each command and query.
  nc.subscribe('muon.*.ipam.network.>', { callback: (_e, m) => seen.push({ subject: m.subject, traceparent: m.headers?.get('traceparent') }) });
  await nc.flush();
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await platform?.stop();
});

interface LogLine { msg: string; method?: string; url?: string; status?: number; trace_id?: string }
const requestLines = (): LogLine[] => readFileSync(join(platform.logDir, 'api-0.log'), 'utf8').split('\n')
  .filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine).filter((l) => l.msg === 'request');
const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

async function eventually<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('not seen in 5 s');
}

describe('trace ids without a collector', () => {
  it('a POST continues the client\'s traceparent into its log line and its NATS command', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await platform.request('POST', '/v2.0/networks', { network: { name: 'traced' } },
      { project: 'trace-ids', headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-00` } });
    expect(res.status).toBe(201);
    const command = await eventually(() => seen.find((m) => m.subject === 'muon.cmd.ipam.network.create'));
    expect(traceIdOf(command.traceparent)).toBe(traceId);
    const line = await eventually(() => requestLines().find((l) => l.method === 'POST' && l.url === '/v2.0/networks'));
    expect(line).toMatchObject({ status: 201, trace_id: traceId });
  });

  it('a request without one gets a fresh trace id, shared by its log line and its NATS query', async () => {
    const res = await platform.request('GET', '/v2.0/networks?name=nothing', undefined, { project: 'trace-ids' });
    expect(res.status).toBe(200);
    const query = await eventually(() => seen.find((m) => m.subject === 'muon.qry.ipam.network.list'));
    const traceId = traceIdOf(query.traceparent);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    const line = await eventually(() => requestLines().find((l) => l.method === 'GET' && l.url === '/v2.0/networks?name=nothing'));
    expect(line.trace_id).toBe(traceId);
  });
});

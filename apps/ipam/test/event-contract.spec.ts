import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { eventCatalog, type EventEnvelope } from '@muon/contracts';
import { TestPlatform } from '@muon/embedded';

const platform = new TestPlatform({ repoRoot: join(import.meta.dirname, '..', '..', '..'), postgresUrl: process.env.TEST_DATABASE_URL! });
let nc: NatsConnection;

beforeAll(async () => {
  await platform.start();
  nc = await connect({ servers: platform.natsUrl });
}, 60000);
afterAll(async () => {
  await nc?.close();
  await platform.stop();
});

async function json<T>(res: Promise<Response>, status: number): Promise<T> {
  const r = await res;
  expect(r.status).toBe(status);
  const text = await r.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Reads every message of the event stream from the start until `count` arrived. */
async function readEvents(count: number): Promise<{ envelope: EventEnvelope; msgId: string | undefined; subject: string }[]> {
  const consumer = await jetstream(nc).consumers.get('MUON_EVENTS');
  const out: { envelope: EventEnvelope; msgId: string | undefined; subject: string }[] = [];
  const deadline = Date.now() + 20000;
  while (out.length < count && Date.now() < deadline) {
    const batch = await consumer.fetch({ max_messages: 100, expires: 1000 });
    for await (const m of batch) out.push({ envelope: m.json<EventEnvelope>(), msgId: m.headers?.get('Nats-Msg-Id'), subject: m.subject });
  }
  return out;
}

describe('the published event stream', () => {
  it('carries every change as an envelope whose data validates against the published schema of its type and version', async () => {
    const project = { project: 'events-project' };
    const net = await json<{ network: { id: string } }>(platform.request('POST', '/v2.0/networks', { network: { name: 'ev' } }, project), 201);
    const subnet = await json<{ subnet: { id: string } }>(platform.request('POST', '/v2.0/subnets', { subnet: { network_id: net.network.id, cidr: '198.51.100.0/28', ip_version: 4 } }, project), 201);
    const port = await json<{ port: { id: string } }>(platform.request('POST', '/v2.0/ports', { port: { network_id: net.network.id } }, project), 201);
    await json(platform.request('PUT', `/v2.0/ports/${port.port.id}`, { port: { name: 'renamed' } }, project), 200);
    await json(platform.request('PUT', `/v2.0/networks/${net.network.id}/tags/blue`, undefined, project), 201);
    await json(platform.request('DELETE', `/v2.0/ports/${port.port.id}`, undefined, project), 204);
    await json(platform.request('DELETE', `/v2.0/subnets/${subnet.subnet.id}`, undefined, project), 204);
    await json(platform.request('DELETE', `/v2.0/networks/${net.network.id}`, undefined, project), 204);

    // network created, subnet created + network updated (subnets), port created, port updated,
    // network updated (tag), port deleted, subnet deleted + network updated, network deleted
    const events = await readEvents(10);
    expect(events.map((e) => e.envelope.type)).toEqual([
      'ipam.network.created', 'ipam.subnet.created', 'ipam.network.updated', 'ipam.port.created', 'ipam.port.updated',
      'ipam.network.updated', 'ipam.port.deleted', 'ipam.subnet.deleted', 'ipam.network.updated', 'ipam.network.deleted',
    ]);
    for (const { envelope, msgId, subject } of events) {
      expect(msgId).toBe(envelope.id);
      expect(subject).toBe(`muon.evt.${envelope.type}`);
      expect(envelope.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(envelope.stream).toMatch(/^(network|subnet|port)-[0-9a-f-]{36}$/);
      expect(envelope.projectId).toBe('events-project');
      expect(envelope.actor).toEqual({ userId: null, projectId: 'events-project' });
      expect(envelope.correlationId).toMatch(/^req-/);
      const schema = eventCatalog[envelope.type]?.[envelope.version];
      expect(schema).toBeDefined();
      expect(schema!.safeParse(envelope.data).success).toBe(true);
    }
    // Stream versions count up per stream; positions are unique.
    const byStream = new Map<string, number[]>();
    for (const { envelope } of events) byStream.set(envelope.stream, [...(byStream.get(envelope.stream) ?? []), envelope.streamVersion]);
    for (const versions of byStream.values()) expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.envelope.position)).size).toBe(events.length);
  });

  it('is described by /asyncapi.json, channel by channel', async () => {
    const doc = await (await platform.request('GET', '/asyncapi.json')).json() as { asyncapi: string; channels: Record<string, { address: string }> };
    expect(doc.asyncapi).toBe('3.0.0');
    const addresses = Object.values(doc.channels).map((c) => c.address);
    for (const type of Object.keys(eventCatalog)) expect(addresses).toContain(`muon.evt.${type}`);
  });
});

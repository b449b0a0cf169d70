/**
 * An acknowledged write is never lost, and reaches subscribers exactly once, even when the owner dies
 * (kill -9) before its outbox relay published anything: the event and its outbox row committed in the
 * command's transaction, and the next process's relay sends them. IPAM runs here with
 * MUON_OUTBOX_RELAY=off, so every event is still in the outbox when the process is killed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import pg from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { TestPlatform } from '@muon/embedded';

const STREAM = 'MUON_EVENTS';
const platform = new TestPlatform({
  repoRoot: join(import.meta.dirname, '..', '..', '..'),
  postgresUrl: process.env.TEST_DATABASE_URL!,
  services: { ipam: 1, api: 1 },
  serviceEnv: { ipam: { MUON_OUTBOX_RELAY: 'off' } },
  // Requests caught in the dead process fail in seconds instead of the default 15.
  env: { MUON_RPC_TIMEOUT_MS: '3000' },
});
let db: pg.Client;
let nc: NatsConnection;

beforeAll(async () => {
  await platform.start();
  db = new pg.Client({ connectionString: platform.databaseUrl });
  await db.connect();
  nc = await connect({ servers: platform.natsUrl });
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await db?.end();
  await platform.stop();
});

const PROJECT = 'crash';
const createPort = (networkId: string, name: string) => platform.request('POST', '/v2.0/ports', { port: { network_id: networkId, name } }, { project: PROJECT });
const ids = async (sql: string): Promise<string[]> => (await db.query<{ id: string }>(sql)).rows.map((r) => r.id).sort();
const streamMessages = async () => (await (await jetstreamManager(nc)).streams.info(STREAM)).state.messages;

/** Reads the whole stream as a subscriber would, deduplicating by event id; also returns what arrived twice. */
async function consumeStream(expected: number, timeoutMs = 15_000): Promise<{ seen: Map<string, { msgId: string | undefined; type: string }>; duplicates: string[] }> {
  const consumer = await jetstream(nc).consumers.get(STREAM);
  const seen = new Map<string, { msgId: string | undefined; type: string }>();
  const duplicates: string[] = [];
  const deadline = Date.now() + timeoutMs;
  let quietFetches = 0;
  // Until everything expected arrived and one more fetch brought nothing (a duplicate would show up there).
  while (Date.now() < deadline && (seen.size < expected || quietFetches < 1)) {
    const batch = await consumer.fetch({ max_messages: 500, expires: 1000 });
    let got = 0;
    for await (const msg of batch) {
      got++;
      const event = msg.json<{ id: string; type: string }>();
      if (seen.has(event.id)) duplicates.push(event.id);
      else seen.set(event.id, { msgId: msg.headers?.get('Nats-Msg-Id') || undefined, type: event.type });
    }
    quietFetches = got === 0 && seen.size >= expected ? quietFetches + 1 : 0;
  }
  return { seen, duplicates };
}

describe('an acknowledged event survives kill -9 of its owner before the relay published it', () => {
  let networkId = '';
  const acknowledged: string[] = [];
  let stored: string[] = [];

  it('keeps every acknowledged port committed in the outbox when IPAM is killed in the middle of a burst', async () => {
    const net = await (await platform.request('POST', '/v2.0/networks', { network: { name: 'crash' } }, { project: PROJECT })).json() as { network: { id: string } };
    networkId = net.network.id;
    const subnet = await platform.request('POST', '/v2.0/subnets', { subnet: { network_id: networkId, cidr: '10.70.0.0/24', ip_version: 4 } }, { project: PROJECT });
    expect(subnet.status).toBe(201);

    // Acknowledged one by one: 201 means committed.
    for (let i = 0; i < 10; i++) {
      const res = await createPort(networkId, `before-crash-${i}`);
      expect(res.status).toBe(201);
      acknowledged.push((await res.json() as { port: { id: string } }).port.id);
    }

    // Then a burst from 40 clients, killed in the middle: whatever was acknowledged must survive.
    // Each client keeps creating until the kill is under way (at most 10 each), so creates are still
    // arriving when it lands, however many a batch commits at once (group commit) or how fast ipam is.
    const ipam = platform.instances.find((i) => i.name === 'ipam')!;
    const CLIENTS = 40;
    let acks = 0;
    let killed: Promise<void> | undefined;
    const burst = (await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
      const answers: { status: number; body: { port?: { id: string }; NeutronError?: { type: string } } }[] = [];
      for (let n = 0; n < 10 && (killed === undefined || n === 0); n++) {
        const res = await createPort(networkId, `burst-${client}-${n}`);
        if (res.status === 201 && ++acks === 8) killed = platform.kill(ipam);
        answers.push({ status: res.status, body: await res.json() as { port?: { id: string }; NeutronError?: { type: string } } });
      }
      return answers;
    }))).flat();
    await killed;
    expect(ipam.child.signalCode).toBe('SIGKILL');
    const burstAcked = burst.filter((r) => r.status === 201).map((r) => r.body.port!.id);
    expect(burstAcked.length).toBeGreaterThanOrEqual(8);
    expect(burstAcked.length).toBeLessThan(burst.length);
    // The rest were cut off by the kill and say so (a NeutronError), never a silent success.
    expect(burst.filter((r) => r.status !== 201).every((r) => r.status >= 500 && typeof r.body.NeutronError?.type === 'string')).toBe(true);
    acknowledged.push(...burstAcked);

    // Every acknowledged port's event is committed and waiting in the outbox; nothing reached JetStream.
    const createdInOutbox = await ids(`select e.data->'port'->>'id' as id from ipam.events e join ipam.outbox o on o.event_id = e.id where e.type = 'ipam.port.created'`);
    expect(createdInOutbox).toEqual(expect.arrayContaining(acknowledged));
    stored = await ids('select id::text as id from ipam.events');
    expect(await ids('select event_id::text as id from ipam.outbox')).toEqual(stored);
    expect(await streamMessages()).toBe(0);
  }, 60_000);

  it('answers 503 ServiceUnavailable while no IPAM process runs', async () => {
    // @nats-io 3.x reports "no responders" as a RequestError; the gateway must still say 503.
    const down = await createPort(networkId, 'while-down');
    expect(`${down.status} ${(await down.json() as { NeutronError: { type: string } }).NeutronError.type}`).toBe('503 ServiceUnavailable');
  });

  it('publishes every stored event exactly once when IPAM starts again with its relay on, and empties the outbox', async () => {
    expect(stored.length).toBeGreaterThan(0);
    const restarted = await platform.spawnService('ipam', 1, { MUON_OUTBOX_RELAY: 'on' });
    await platform.waitReady(restarted);
    const { seen, duplicates } = await consumeStream(stored.length);
    expect(duplicates).toEqual([]);
    expect([...seen.keys()].sort()).toEqual(stored);
    expect([...seen].every(([id, m]) => m.msgId === id)).toBe(true);
    expect(await streamMessages()).toBe(stored.length);
    const createdPorts = [...seen].filter(([, m]) => m.type === 'ipam.port.created').length;
    expect(createdPorts).toBeGreaterThanOrEqual(acknowledged.length);
    expect((await db.query<{ n: number }>('select count(*)::int as n from ipam.outbox')).rows[0]!.n).toBe(0);

    // And the API lists every acknowledged port.
    const listed = (await (await platform.request('GET', `/v2.0/ports?network_id=${networkId}`, undefined, { project: PROJECT })).json() as { ports: { id: string }[] }).ports.map((p) => p.id);
    expect(listed).toEqual(expect.arrayContaining(acknowledged));
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { NeutronError } from '@muon/contracts';
import { createLogger } from '@muon/telemetry';
import { RawJson, serveRpc } from './rpc-server.js';
import { RpcClient } from './rpc-client.js';
import { PART_COUNT_HEADER, PART_HEADER } from './reply-parts.js';

const root = `test.parts.${randomUUID().slice(0, 8)}`;
let server: NatsConnection;
let client: NatsConnection;
let rpc: RpcClient;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

beforeAll(async () => {
  server = await connect({ servers: process.env.TEST_NATS_URL });
  client = await connect({ servers: process.env.TEST_NATS_URL });
  rpc = new RpcClient(client, 1500);
  const log = createLogger('reply-parts-spec');
  serveRpc(server, `${root}.served.*`, 'parts', async (subject, payload, sendPart) => {
    const { parts, failAfter } = payload as { parts: string[]; failAfter?: number };
    for (const [i, part] of parts.entries()) {
      if (i === failAfter) throw new NeutronError(409, 'Conflict', 'failed after some parts');
      sendPart(bytes(part));
    }
    if (subject.endsWith('.crash')) throw new Error('not a NeutronError');
    return new RawJson(JSON.stringify({ count: parts.length }));
  }, log);
  // A misbehaving responder: says it sent three parts and sent one.
  server.subscribe(`${root}.short`, {
    callback: (_err, msg) => {
      const h = natsHeaders();
      h.set(PART_HEADER, '0');
      msg.respond(bytes('only'), { headers: h });
      const end = natsHeaders();
      end.set(PART_COUNT_HEADER, '3');
      msg.respond(bytes('T{}'), { headers: end });
    },
  });
  await server.flush();
});

afterAll(async () => {
  await client.close();
  await server.close();
});

describe('replies with parts', () => {
  it('hands over every part in order, then the reply', async () => {
    const sent = Array.from({ length: 200 }, (_, i) => `part-${i}-`.repeat(50));
    const got: string[] = [];
    const reply = await rpc.requestParts(`${root}.served.list`, { parts: sent }, (b) => got.push(text(b)));
    expect(got).toEqual(sent);
    expect(JSON.parse(reply)).toEqual({ count: 200 });
  });

  it('a reply without parts is an ordinary reply, and requestText still reads it', async () => {
    const got: Uint8Array[] = [];
    expect(JSON.parse(await rpc.requestParts(`${root}.served.list`, { parts: [] }, (b) => got.push(b)))).toEqual({ count: 0 });
    expect(got).toEqual([]);
    expect(JSON.parse(await rpc.requestText(`${root}.served.list`, { parts: [] }))).toEqual({ count: 0 });
  });

  it('an error before any part is the owner\'s NeutronError; after parts it is still an error, never a short answer', async () => {
    await expect(rpc.requestParts(`${root}.served.list`, { parts: ['a'], failAfter: 0 }, () => undefined)).rejects.toMatchObject({ status: 409, type: 'Conflict' });
    const got: string[] = [];
    await expect(rpc.requestParts(`${root}.served.list`, { parts: ['a', 'b', 'c'], failAfter: 2 }, (b) => got.push(text(b)))).rejects.toMatchObject({ status: 409 });
    expect(got).toEqual(['a', 'b']);
    await expect(rpc.requestParts(`${root}.served.crash`, { parts: ['a'] }, () => undefined)).rejects.toMatchObject({ status: 500 });
  });

  it('a missing part is noticed', async () => {
    await expect(rpc.requestParts(`${root}.short`, {}, () => undefined)).rejects.toThrow(/sent 3 parts, 1 arrived/);
  });

  it('no responder is 503 at once, and silence is a 504 after the timeout', async () => {
    await expect(rpc.requestParts(`${root}.nobody`, {}, () => undefined)).rejects.toMatchObject({ status: 503 });
    const quiet = server.subscribe(`${root}.quiet`, { callback: () => undefined });
    await server.flush();
    const started = Date.now();
    await expect(rpc.requestParts(`${root}.quiet`, {}, () => undefined)).rejects.toMatchObject({ status: 504 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    quiet.unsubscribe();
  });
});

import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OvsdbConnection } from './ovsdb-connection.js';

/** A scripted server on a unix socket: the test writes raw bytes and reads what the client sent. */
async function scriptedServer(): Promise<{ path: string; server: Server; peer: Promise<Socket>; received: () => string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ovsdbconn-'));
  const path = join(dir, 's.sock');
  let got = '';
  let resolvePeer!: (s: Socket) => void;
  const peer = new Promise<Socket>((r) => (resolvePeer = r));
  const server = createServer((s) => { s.on('data', (d) => (got += d)); resolvePeer(s); });
  await new Promise<void>((r) => server.listen(path, r));
  return { path, server, peer, received: () => got, dir };
}

describe('OvsdbConnection (scripted server)', () => {
  let cleanup: (() => void)[] = [];
  afterEach(() => { cleanup.forEach((c) => c()); cleanup = []; });

  it('answers echo, matches a reply split over several writes, and passes notifications on', async () => {
    const s = await scriptedServer();
    const conn = await OvsdbConnection.connect(s.path);
    cleanup.push(() => { conn.close(); s.server.close(); rmSync(s.dir, { recursive: true, force: true }); });
    const notes: unknown[] = [];
    conn.onNotification((method, params) => notes.push([method, params]));
    const reply = conn.request('list_dbs', []);
    const peer = await s.peer;
    peer.write('{"id":"e1","method":"echo","params":["hi"]}{"id":null,"method":"upd');
    peer.write('ate","params":["m",{"T":{}}]}{"id":1,"res');
    await new Promise((r) => setTimeout(r, 20));
    peer.write('ult":["Open_vSwitch"],"error":null}');
    expect(await reply).toEqual(['Open_vSwitch']);
    expect(notes).toEqual([['update', ['m', { T: {} }]]]);
    expect(s.received()).toContain('{"result":["hi"],"error":null,"id":"e1"}');
  });

  it('rejects a request whose reply carries an error, and every pending request when the server closes', async () => {
    const s = await scriptedServer();
    const conn = await OvsdbConnection.connect(s.path);
    cleanup.push(() => { conn.close(); s.server.close(); rmSync(s.dir, { recursive: true, force: true }); });
    const bad = conn.request('get_schema', ['nope']);
    const hanging = conn.request('list_dbs', []);
    const peer = await s.peer;
    peer.write('{"id":1,"result":null,"error":"unknown database"}');
    await expect(bad).rejects.toMatchObject({ name: 'OvsdbRpcError', error: 'unknown database' });
    peer.destroy();
    await expect(hanging).rejects.toMatchObject({ name: 'OvsdbDisconnectedError' });
    expect(conn.closed).toBe(true);
  });

  it('closes the connection on bytes that are not JSON-RPC', async () => {
    const s = await scriptedServer();
    const conn = await OvsdbConnection.connect(s.path);
    cleanup.push(() => { conn.close(); s.server.close(); rmSync(s.dir, { recursive: true, force: true }); });
    const pending = conn.request('list_dbs', []);
    (await s.peer).write('HTTP/1.1 400 Bad Request\r\n');
    await expect(pending).rejects.toThrow(/connection closed.*unexpected/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  OvsdbClient, OvsdbTransactionError, OvsdbTimeoutError, VswitchReplica, namedUuid, ovsMap, ovsSet, uuid, type OvsdbOperation,
} from '@muon/ovsdb';
import { haveOvsdbServer, OvsdbServerFixture } from './ovsdb-server.fixture.js';

const describeIfOvs = haveOvsdbServer ? describe : describe.skip;

/** Insert a bridge with one port and one interface, in one transaction. */
const addBridgeWithPort = (bridge: string, port: string, externalIds: Record<string, string>): OvsdbOperation[] => [
  { op: 'insert', table: 'Interface', row: { name: port, external_ids: ovsMap(externalIds) }, 'uuid-name': 'iface' },
  { op: 'insert', table: 'Port', row: { name: port, interfaces: namedUuid('iface'), tag: 3 }, 'uuid-name': 'port' },
  { op: 'insert', table: 'Bridge', row: { name: bridge, ports: namedUuid('port'), datapath_type: 'netdev' }, 'uuid-name': 'br' },
  { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'insert', ovsSet([namedUuid('br')])]] },
];

describeIfOvs('OvsdbClient against a real ovsdb-server', () => {
  const server = new OvsdbServerFixture();
  let client: OvsdbClient;
  let replica: VswitchReplica;

  beforeAll(async () => {
    await server.start();
    client = await OvsdbClient.connect({ socketPath: server.socketPath, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    replica = await VswitchReplica.start(client);
  });
  afterAll(async () => {
    client?.close();
    await server.destroy();
  });

  it('lists the Open_vSwitch database', async () => {
    expect(await client.listDbs()).toContain('Open_vSwitch');
  });

  it('inserts a bridge, port and interface in one transaction, and the monitor replica shows them', async () => {
    const results = await client.transact(addBridgeWithPort('br-t1', 'tapt1', { 'iface-id': 'p-1', 'attached-mac': 'fa:16:3e:00:00:01' }));
    expect(results[0]!.uuid?.[0]).toBe('uuid');
    await replica.waitFor((s) => s.bridges.some((b) => b.name === 'br-t1'), 5000);
    const s = replica.snapshot();
    const bridge = s.bridges.find((b) => b.name === 'br-t1')!;
    const port = s.ports.get(bridge.ports[0]!)!;
    expect(port).toMatchObject({ name: 'tapt1', tag: 3 });
    expect(s.interfaces.get(port.interfaces[0]!)?.externalIds).toEqual({ 'attached-mac': 'fa:16:3e:00:00:01', 'iface-id': 'p-1' });
  });

  it('reports a failing operation from inside result[] with its index, and applies nothing', async () => {
    const ops: OvsdbOperation[] = [
      { op: 'insert', table: 'Interface', row: { name: 'tapbad' }, 'uuid-name': 'i' },
      { op: 'insert', table: 'Port', row: { name: 'tapbad', interfaces: namedUuid('i'), nosuch: 1 } },
    ];
    await expect(client.transact(ops)).rejects.toMatchObject({ name: 'OvsdbTransactionError', operationIndex: 1, error: 'unknown column' });
    await expect(client.transact(ops)).rejects.toBeInstanceOf(OvsdbTransactionError);
    expect([...replica.snapshot().interfaces.values()].some((i) => i.name === 'tapbad')).toBe(false);
  });

  it('reports a commit failure (an unreferenced root-less row is fine, a duplicate bridge name is not)', async () => {
    await expect(client.transact(addBridgeWithPort('br-t1', 'tapdup', {}))).rejects.toMatchObject({ operationIndex: -1, error: 'constraint violation' });
  });

  it('removing a port from its bridge garbage-collects the Port and Interface rows', async () => {
    const s = replica.snapshot();
    const bridge = s.bridges.find((b) => b.name === 'br-t1')!;
    await client.transact([{ op: 'mutate', table: 'Bridge', where: [['_uuid', '==', uuid(bridge.uuid)]], mutations: [['ports', 'delete', ovsSet([uuid(bridge.ports[0]!)])]] }]);
    await replica.waitFor((x) => ![...x.ports.values()].some((p) => p.name === 'tapt1'), 5000);
    expect([...replica.snapshot().interfaces.values()].some((i) => i.name === 'tapt1')).toBe(false);
  });

  it('transactAndWait waits until cur_cfg reaches the bumped next_cfg (a stand-in plays ovs-vswitchd)', async () => {
    const vswitchd = await OvsdbClient.connect({ socketPath: server.socketPath });
    const stand = await VswitchReplica.start(vswitchd, { monitorId: 'stand-in' });
    const off = stand.onChange(() => {
      const root = stand.snapshot().root!;
      if (root.curCfg < root.nextCfg) {
        setTimeout(() => void vswitchd.transact([{ op: 'update', table: 'Open_vSwitch', where: [], row: { cur_cfg: root.nextCfg } }]), 30);
      }
    });
    try {
      const started = Date.now();
      await replica.transactAndWait([{ op: 'comment', comment: 'test' }], 5000);
      const root = replica.snapshot().root!;
      expect(root.curCfg).toBe(root.nextCfg);
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    } finally {
      off();
      vswitchd.close();
    }
  });

  it('transactAndWait times out when nothing applies the configuration', async () => {
    await expect(replica.transactAndWait([], 300)).rejects.toBeInstanceOf(OvsdbTimeoutError);
  });

  it('reconnects after ovsdb-server restarts, re-issues the monitor and refreshes the replica', async () => {
    const states: boolean[] = [];
    const off = client.onConnectionChange((up) => states.push(up));
    try {
      await server.stop();
      await expect(client.listDbs()).rejects.toMatchObject({ name: 'OvsdbDisconnectedError' });
      await server.start(); // same database file: the rows are still there
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no reconnect within 10 s')), 10000);
        const poll = setInterval(() => { if (states.includes(true)) { clearTimeout(t); clearInterval(poll); resolve(); } }, 20);
      });
      expect(states).toEqual([false, true]);
      await client.transact(addBridgeWithPort('br-t2', 'tapt2', {}));
      await replica.waitFor((s) => s.bridges.some((b) => b.name === 'br-t2'), 5000);
      expect(replica.snapshot().bridges.map((b) => b.name).sort()).toEqual(['br-t1', 'br-t2']);
    } finally {
      off();
    }
  });
});

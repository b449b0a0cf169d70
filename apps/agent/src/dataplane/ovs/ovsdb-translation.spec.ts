import { describe, expect, it } from '@jest/globals';
import { TableReplica, decodeVswitch } from '@muon/ovsdb';
import { actualOvsFromSnapshot, ovsdbOperationsFor } from './ovsdb-translation.js';

const snapshot = () => {
  const r = new TableReplica();
  r.reset({
    Open_vSwitch: { root: { new: { next_cfg: 1, cur_cfg: 1, bridges: ['uuid', 'b1'] } } },
    Bridge: { b1: { new: { name: 'br-int', ports: ['set', [['uuid', 'p0'], ['uuid', 'p1']]], datapath_type: 'netdev', fail_mode: ['set', []] } } },
    Port: {
      p0: { new: { name: 'br-int', interfaces: ['uuid', 'i0'], tag: ['set', []] } },
      p1: { new: { name: 'tapx', interfaces: ['uuid', 'i1'], tag: 3, external_ids: ['map', [['muon-owner', 'agent']]], other_config: ['map', [['net_uuid', 'n1']]] } },
    },
    Interface: {
      i0: { new: { name: 'br-int', type: 'internal', ofport: 65534 } },
      i1: { new: { name: 'tapx', type: '', ofport: ['set', []], external_ids: ['map', [['iface-id', 'port-1']]] } },
    },
  });
  return decodeVswitch(r);
};

describe('OVSDB ↔ agent-domain translation', () => {
  it('reads bridges with their ports and interfaces by name; ofport stays undefined until vswitchd sets it', () => {
    expect(actualOvsFromSnapshot(snapshot())).toEqual({
      id: 'root',
      bridges: [{ name: 'br-int', datapathType: 'netdev', failMode: undefined, ports: [
        { name: 'br-int', tag: undefined, protected: false, externalIds: {}, otherConfig: {}, interfaces: [{ name: 'br-int', type: 'internal', options: {}, externalIds: {}, ofport: 65534, error: undefined }] },
        { name: 'tapx', tag: 3, protected: false, externalIds: { 'muon-owner': 'agent' }, otherConfig: { net_uuid: 'n1' }, interfaces: [{ name: 'tapx', type: '', options: {}, externalIds: { 'iface-id': 'port-1' }, ofport: undefined, error: undefined }] },
      ] }],
    });
  });

  it('creates a bridge with its internal port, and a port on it, in one transaction with named uuids', () => {
    const ops = ovsdbOperationsFor([
      { kind: 'bridge.create', bridge: { name: 'br-tun', datapathType: 'netdev', failMode: 'secure' } },
      { kind: 'port.create', port: { bridge: 'br-tun', name: 'patch-int', tag: undefined, otherConfig: {}, hostLink: undefined, interface: { type: 'patch', options: { peer: 'patch-tun' }, externalIds: {} } } },
    ], snapshot());
    expect(ops).toEqual([
      { op: 'insert', table: 'Interface', row: { name: 'br-tun', type: 'internal' }, 'uuid-name': 'i0' },
      { op: 'insert', table: 'Port', row: { name: 'br-tun', interfaces: ['named-uuid', 'i0'] }, 'uuid-name': 'p1' },
      { op: 'insert', table: 'Bridge', row: { name: 'br-tun', ports: ['named-uuid', 'p1'], datapath_type: 'netdev', fail_mode: 'secure' }, 'uuid-name': 'b2' },
      { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'insert', ['set', [['named-uuid', 'b2']]]]] },
      { op: 'insert', table: 'Interface', row: { name: 'patch-int', type: 'patch', options: ['map', [['peer', 'patch-tun']]], external_ids: ['map', []] }, 'uuid-name': 'i3' },
      { op: 'insert', table: 'Port', row: { name: 'patch-int', interfaces: ['named-uuid', 'i3'], tag: ['set', []], other_config: ['map', []], external_ids: ['map', [['muon-owner', 'agent']]] }, 'uuid-name': 'p4' },
      { op: 'mutate', table: 'Bridge', where: [['name', '==', 'br-tun']], mutations: [['ports', 'insert', ['set', [['named-uuid', 'p4']]]]] },
    ]);
  });

  it('deletes a port by removing its uuid from its bridge (OVSDB collects the rows), and skips one already gone', () => {
    expect(ovsdbOperationsFor([{ kind: 'port.delete', bridge: 'br-int', name: 'tapx', reason: 'x' }, { kind: 'port.delete', bridge: 'br-int', name: 'gone', reason: 'x' }], snapshot())).toEqual([
      { op: 'mutate', table: 'Bridge', where: [['_uuid', '==', ['uuid', 'b1']]], mutations: [['ports', 'delete', ['set', [['uuid', 'p1']]]]] },
    ]);
  });

  it('sets tag, other_config and external_ids of a port by name; the dead VLAN is just a tag', () => {
    expect(ovsdbOperationsFor([{ kind: 'port.update', name: 'qvo1', tag: 4095, otherConfig: {}, externalIds: {} }], snapshot())).toEqual([
      { op: 'update', table: 'Port', where: [['name', '==', 'qvo1']], row: { tag: 4095, other_config: ['map', []], external_ids: ['map', []] } },
    ]);
  });
});

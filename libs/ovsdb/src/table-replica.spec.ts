import { describe, expect, it } from '@jest/globals';
import { TableReplica } from './table-replica.js';
import { decodeVswitch } from './vswitch-records.js';

describe('TableReplica', () => {
  it('folds the initial reply and update notifications: insert, modify, delete', () => {
    const r = new TableReplica();
    r.reset({ Port: { p1: { new: { name: 'tapa', tag: 1 } } } }, ['Port', 'Interface']);
    expect(r.apply({ Port: { p2: { new: { name: 'tapb', tag: ['set', []] } } } })).toEqual(new Set(['Port']));
    r.apply({ Port: { p1: { old: { tag: 1 }, new: { name: 'tapa', tag: 7 } } } });
    r.apply({ Port: { p2: { old: { name: 'tapb' } } } });
    expect([...r.rows('Port')]).toEqual([['p1', { name: 'tapa', tag: 7 }]]);
    expect(r.rows('Interface').size).toBe(0);
  });

  it('merges a modification that carries only the changed columns', () => {
    const r = new TableReplica();
    r.reset({ Interface: { i1: { new: { name: 'tapa', ofport: ['set', []] } } } });
    r.apply({ Interface: { i1: { old: { ofport: ['set', []] }, new: { ofport: 3 } } } });
    expect(r.get('Interface', 'i1')).toEqual({ name: 'tapa', ofport: 3 });
  });

  it('reset forgets rows that vanished while disconnected', () => {
    const r = new TableReplica();
    r.reset({ Port: { p1: { new: { name: 'a' } } } });
    r.reset({ Port: { p2: { new: { name: 'b' } } } });
    expect([...r.rows('Port').keys()]).toEqual(['p2']);
  });
});

describe('decodeVswitch', () => {
  it('decodes sets, maps, optional columns and uuids into records', () => {
    const r = new TableReplica();
    r.reset({
      Open_vSwitch: { root: { new: { next_cfg: 4, cur_cfg: 3, bridges: ['uuid', 'b1'], external_ids: ['map', []], other_config: ['map', []] } } },
      Bridge: { b1: { new: { name: 'br-int', ports: ['set', [['uuid', 'p1'], ['uuid', 'p2']]], datapath_type: 'netdev', fail_mode: ['set', []], external_ids: ['map', []] } } },
      Port: { p1: { new: { name: 'tapa', interfaces: ['uuid', 'i1'], tag: 5, trunks: ['set', []], other_config: ['map', [['net_uuid', 'n1']]] } } },
      Interface: { i1: { new: { name: 'tapa', type: '', ofport: -1, error: 'could not open network device tapa (No such device)', external_ids: ['map', [['iface-id', 'port-1'], ['attached-mac', 'fa:16:3e:00:00:01']]] } } },
    });
    const s = decodeVswitch(r);
    expect(s.root).toMatchObject({ uuid: 'root', nextCfg: 4, curCfg: 3, bridges: ['b1'] });
    expect(s.bridges).toEqual([expect.objectContaining({ name: 'br-int', ports: ['p1', 'p2'], datapathType: 'netdev', failMode: undefined })]);
    expect(s.ports.get('p1')).toMatchObject({ name: 'tapa', interfaces: ['i1'], tag: 5, trunks: [], otherConfig: { net_uuid: 'n1' } });
    expect(s.interfaces.get('i1')).toMatchObject({ ofport: -1, externalIds: { 'iface-id': 'port-1', 'attached-mac': 'fa:16:3e:00:00:01' } });
  });
});

import { OWNER_AGENT, OWNER_KEY, type ActualOvs } from '@muon/agent-domain';
import { namedUuid, ovsMap, ovsOptional, ovsSet, uuid, type OvsdbOperation, type VswitchSnapshot } from '@muon/ovsdb';
import type { OvsOperation } from '../drivers/ovs-driver.js';

/** The OVSDB snapshot in the domain's shape: bridges with their ports and interfaces, by name. */
export function actualOvsFromSnapshot(s: VswitchSnapshot): ActualOvs {
  const bridges = s.bridges.map((b) => ({
    name: b.name,
    datapathType: b.datapathType,
    failMode: b.failMode,
    ports: b.ports.map((pu) => s.ports.get(pu)).filter((p) => p !== undefined).map((p) => ({
      name: p.name,
      tag: p.tag,
      protected: p.protected,
      externalIds: p.externalIds,
      otherConfig: p.otherConfig,
      interfaces: p.interfaces.map((iu) => s.interfaces.get(iu)).filter((i) => i !== undefined).map((i) => ({
        name: i.name, type: i.type, options: i.options, externalIds: i.externalIds, ofport: i.ofport, error: i.error,
      })),
    })),
  }));
  return { id: s.root?.uuid ?? '', bridges };
}

/**
 * The OVSDB operations of one transaction for the agent's operations. Deletions need the row
 * uuids, which come from the snapshot; a row that is already gone is skipped (idempotent).
 */
export function ovsdbOperationsFor(operations: readonly OvsOperation[], s: VswitchSnapshot): OvsdbOperation[] {
  const out: OvsdbOperation[] = [];
  let n = 0;
  const name = (prefix: string) => `${prefix}${n++}`;
  for (const op of operations) {
    switch (op.kind) {
      case 'bridge.create': {
        const [i, p, b] = [name('i'), name('p'), name('b')];
        out.push(
          { op: 'insert', table: 'Interface', row: { name: op.bridge.name, type: 'internal' }, 'uuid-name': i },
          { op: 'insert', table: 'Port', row: { name: op.bridge.name, interfaces: namedUuid(i) }, 'uuid-name': p },
          { op: 'insert', table: 'Bridge', row: { name: op.bridge.name, ports: namedUuid(p), datapath_type: op.bridge.datapathType, fail_mode: op.bridge.failMode }, 'uuid-name': b },
          { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'insert', ovsSet([namedUuid(b)])]] },
        );
        break;
      }
      case 'bridge.update':
        out.push({ op: 'update', table: 'Bridge', where: [['name', '==', op.bridge.name]], row: { datapath_type: op.bridge.datapathType, fail_mode: op.bridge.failMode } });
        break;
      case 'port.create': {
        const [i, p] = [name('i'), name('p')];
        const { port } = op;
        out.push(
          { op: 'insert', table: 'Interface', row: { name: port.name, type: port.interface.type, options: ovsMap(port.interface.options), external_ids: ovsMap(port.interface.externalIds) }, 'uuid-name': i },
          { op: 'insert', table: 'Port', row: { name: port.name, interfaces: namedUuid(i), tag: ovsOptional(port.tag), other_config: ovsMap(port.otherConfig), external_ids: ovsMap({ [OWNER_KEY]: OWNER_AGENT }) }, 'uuid-name': p },
          { op: 'mutate', table: 'Bridge', where: [['name', '==', port.bridge]], mutations: [['ports', 'insert', ovsSet([namedUuid(p)])]] },
        );
        break;
      }
      case 'port.delete': {
        const port = [...s.ports.values()].find((p) => p.name === op.name);
        const bridge = port && s.bridges.find((b) => b.ports.includes(port.uuid));
        if (port && bridge) out.push({ op: 'mutate', table: 'Bridge', where: [['_uuid', '==', uuid(bridge.uuid)]], mutations: [['ports', 'delete', ovsSet([uuid(port.uuid)])]] });
        break;
      }
      case 'port.update':
        out.push({ op: 'update', table: 'Port', where: [['name', '==', op.name]], row: { tag: ovsOptional(op.tag), ...(op.protected === undefined ? {} : { protected: op.protected }), other_config: ovsMap(op.otherConfig), external_ids: ovsMap(op.externalIds) } });
        break;
      case 'interface.update':
        out.push({ op: 'update', table: 'Interface', where: [['name', '==', op.name]], row: { options: ovsMap(op.options), external_ids: ovsMap(op.externalIds) } });
        break;
    }
  }
  return out;
}

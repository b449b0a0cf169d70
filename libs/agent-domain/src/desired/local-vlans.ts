import { DEAD_VLAN_TAG } from '../names/neutron-names.js';
import type { ActualOvs } from '../actual/actual-host.js';
import { OTHER_CONFIG_NETWORK } from './ovs-keys.js';

export const MIN_LOCAL_VLAN = 1;
export const MAX_LOCAL_VLAN = 4094;

/**
 * Local VLAN tags are allocated per host: a network keeps the tag it already has on br-int (so
 * a restarted agent re-tags nothing), a new one takes the lowest free tag, and a network with no
 * port left here is simply absent, which frees its tag.
 */
export function allocateLocalVlans(networkIds: readonly string[], existing: Readonly<Record<string, number>>): Record<string, number> {
  const sorted = [...new Set(networkIds)].sort();
  const taken = new Set<number>();
  const result: Record<string, number> = {};
  for (const id of sorted) {
    const tag = existing[id];
    if (tag !== undefined && tag >= MIN_LOCAL_VLAN && tag <= MAX_LOCAL_VLAN && !taken.has(tag)) {
      result[id] = tag;
      taken.add(tag);
    }
  }
  let next = MIN_LOCAL_VLAN;
  for (const id of sorted) {
    if (result[id] !== undefined) continue;
    while (taken.has(next)) next++;
    if (next > MAX_LOCAL_VLAN) throw new Error(`no local VLAN left for network ${id}`);
    result[id] = next;
    taken.add(next);
  }
  return result;
}

/**
 * The tags networks have on br-int now, read from the ports' other_config:net_uuid (where the
 * agent records which network a port belongs to, as Neutron does). When a network's ports disagree,
 * the tag most of them carry wins.
 */
export function existingLocalVlans(ovs: ActualOvs, integrationBridge: string): Record<string, number> {
  const votes = new Map<string, Map<number, number>>();
  for (const port of ovs.bridges.find((b) => b.name === integrationBridge)?.ports ?? []) {
    const network = port.otherConfig[OTHER_CONFIG_NETWORK];
    if (!network || port.tag === undefined || port.tag === DEAD_VLAN_TAG) continue;
    const counts = votes.get(network) ?? new Map<number, number>();
    counts.set(port.tag, (counts.get(port.tag) ?? 0) + 1);
    votes.set(network, counts);
  }
  const result: Record<string, number> = {};
  for (const [network, counts] of votes) {
    result[network] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  }
  return result;
}

import { networkResource, type Network, type NeutronError, type RequestContext, type Subnet } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import type { SubnetOfPort } from '@muon/ipam-domain';
import { settled } from './batching/settled.js';
import { loadLockedWith } from './resource-rows.js';

export interface NetworkForPort {
  /** Canonical (lower-case) UUID. */
  networkId: string;
  context: RequestContext;
  /** The new port's project_id. */
  project: string | undefined;
}

export interface NetworkWithSubnets {
  network: Network;
  subnets: SubnetOfPort[];
}

const SUBNETS_OF_NETWORK = `coalesce((select json_agg(s.body order by s.id) from subnets s where s.body->>'network_id' = r.id::text), '[]'::json)`;

/** A network a port goes on (as `context` may: see loadLocked) and all its subnets, in one round trip. */
export async function networkWithSubnets(tx: StoreTransaction, networkId: string, context: RequestContext, lock: 'none' | 'share'): Promise<NetworkWithSubnets> {
  const { body, extra } = await loadLockedWith<Network, Subnet[]>(
    tx, networkResource, networkId, context, lock, SUBNETS_OF_NETWORK, { action: 'create_port:network_id' });
  return { network: body, subnets: extra };
}

/**
 * The networks new ports go on, each with all its subnets, read once per network and caller: every
 * create for one network by one caller sees the same row and gets the same answer from the policy
 * checks (a 404 or 403 is that create's answer). The caller already holds the networks' shared
 * locks (network-locks.ts). A port in another project than the network's is what an RBAC policy
 * change counts as in use, and what `shared: false` refuses to strand, so those creates also take
 * the row's share lock, which such changes wait on (they lock the row FOR UPDATE).
 */
export async function networksForPorts(tx: StoreTransaction, wants: readonly NetworkForPort[]): Promise<(NetworkWithSubnets | NeutronError)[]> {
  const groups = new Map<string, number[]>();
  wants.forEach((want, i) => {
    const { requestId: _, ...caller } = want.context;
    const key = JSON.stringify([want.networkId, caller]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const found: (NetworkWithSubnets | NeutronError)[] = [];
  for (const members of groups.values()) {
    const { networkId, context } = wants[members[0]!]!;
    const loaded = await settled(async () => {
      const first = await networkWithSubnets(tx, networkId, context, 'none');
      const otherProject = members.some((i) => wants[i]!.project !== first.network.project_id);
      return otherProject ? networkWithSubnets(tx, networkId, context, 'share') : first;
    });
    for (const i of members) found[i] = loaded;
  }
  return found;
}

import { IpamErrors, type NeutronError } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { generateMac, validatePortMac } from '@muon/ipam-domain';
import { settled, settledSync } from '../commands/batching/settled.js';
import { networkLockKeySql } from '../commands/network-locks.js';

const MAC_PROBES = 16;

/** A MAC unique on its network, guarded by mac_allocations' primary key (network, mac). */
export async function reserveMac(tx: StoreTransaction, networkId: string, portId: string, requested: string | undefined, base: string): Promise<string> {
  if (requested !== undefined) {
    const mac = validatePortMac(requested);
    if (!(await tryReserve(tx, networkId, mac, portId))) throw IpamErrors.macAddressInUse(networkId, mac);
    return mac;
  }
  for (let i = 0; i < MAC_PROBES; i++) {
    const mac = generateMac(base);
    if (await tryReserve(tx, networkId, mac, portId)) return mac;
  }
  throw IpamErrors.macAddressGenerationFailure(networkId);
}

export interface MacWant {
  /** Canonical (lower-case) UUID. */
  networkId: string;
  portId: string;
  requested: string | undefined;
}

/**
 * reserveMac for many ports at once: every first candidate in one statement, which also takes the
 * shared lock of each network in `sharedLocks` first (see network-locks.ts), so a batch of port
 * creates spends no round trip of its own on locks. The rare generated MAC that is already taken
 * goes on to reserveMac's probes. Returns each want's MAC, or the error reserveMac would have thrown.
 */
export async function reserveMacs(tx: StoreTransaction, wants: readonly MacWant[], base: string, sharedLocks: readonly string[]): Promise<(string | NeutronError)[]> {
  // A requested MAC that is not valid fails here, as reserveMac would, before anything is reserved.
  const candidates = wants.map((want) => (want.requested === undefined ? generateMac(base) : settledSync(() => validatePortMac(want.requested!))));
  const tried = wants.map((_, i) => i).filter((i) => typeof candidates[i] === 'string');
  // Sorted, so two batches never wait on each other's locks in opposite orders.
  const locks = [...new Set(sharedLocks)].sort();
  const { rows } = await tx.query<{ port_id: string }>(
    `with locks as (select pg_advisory_xact_lock_shared(${networkLockKeySql('n')}) from unnest($4::text[]) as n)
     insert into mac_allocations (network_id, mac_address, port_id)
     select w.network_id, w.mac_address, w.port_id from unnest($1::uuid[], $2::macaddr[], $3::uuid[]) as w(network_id, mac_address, port_id)
      where (select count(*) from locks) >= 0
     on conflict do nothing returning port_id::text`,
    [tried.map((i) => wants[i]!.networkId), tried.map((i) => candidates[i]), tried.map((i) => wants[i]!.portId), locks],
    { prepare: true },
  );
  const reserved = new Set(rows.map((r) => r.port_id));
  const outcomes = [...candidates];
  for (const i of tried) {
    const want = wants[i]!;
    const mac = candidates[i] as string;
    if (reserved.has(want.portId)) continue;
    outcomes[i] = want.requested !== undefined
      ? IpamErrors.macAddressInUse(want.networkId, mac)
      : await settled(() => reserveMac(tx, want.networkId, want.portId, undefined, base));
  }
  return outcomes;
}

async function tryReserve(tx: StoreTransaction, networkId: string, mac: string, portId: string): Promise<boolean> {
  const { rows } = await tx.query(
    'insert into mac_allocations (network_id, mac_address, port_id) values ($1, $2, $3) on conflict do nothing returning port_id',
    [networkId, mac, portId],
    { prepare: true },
  );
  return rows.length === 1;
}

export async function releaseMac(tx: StoreTransaction, networkId: string, mac: string, portId: string): Promise<void> {
  await tx.query('delete from mac_allocations where network_id = $1 and mac_address = $2 and port_id = $3', [networkId, mac, portId]);
}

import { IpamErrors, type FixedIp } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import {
  addressPoolsOf, freeAddresses, randomCandidate, sortedAddressValues,
  type AddressRequest, type SubnetOfPort,
} from '@muon/ipam-domain';

/** Random probes before falling back to an ordered scan: cheap while a pool has room, exact when it is nearly full. */
const RANDOM_PROBES = 8;
/** Free addresses tried from the ordered scan (others may take them concurrently). */
const SCAN_PROBES = 64;
/** Ordered scans per subnet; a second only when the first met addresses taken since it read. */
const SCAN_ROUNDS = 2;

/**
 * Reserves each planned address under ip_allocations' primary key (subnet, address), in the
 * command's transaction. `insert … on conflict do nothing` never aborts the transaction, so a taken
 * candidate is simply the cue to try the next one (DESIGN.md §2).
 */
export async function reserveAddresses(tx: StoreTransaction, networkId: string, portId: string, plan: AddressRequest[]): Promise<FixedIp[]> {
  const reserved: FixedIp[] = [];
  for (const request of plan) {
    if (request.kind === 'any') {
      const got = await reserveAny(tx, portId, request.subnets, request.preferLowest);
      if (!got) throw IpamErrors.ipAddressGenerationFailure(networkId);
      reserved.push(got);
    } else {
      if (!(await tryReserve(tx, request.subnet.id, request.ip_address, portId))) {
        throw IpamErrors.ipAddressAlreadyAllocated(request.ip_address, request.subnet.id);
      }
      reserved.push({ subnet_id: request.subnet.id, ip_address: request.ip_address });
    }
  }
  return reserved;
}

async function reserveAny(tx: StoreTransaction, portId: string, subnets: SubnetOfPort[], preferLowest: boolean): Promise<FixedIp | null> {
  for (const subnet of subnets) {
    const pools = addressPoolsOf(subnet);
    if (!preferLowest) {
      for (let i = 0; i < RANDOM_PROBES; i++) {
        const ip = randomCandidate(pools);
        if (ip === null) break;
        if (await tryReserve(tx, subnet.id, ip, portId)) return { subnet_id: subnet.id, ip_address: ip };
      }
    }
    let tries = 0;
    for (let round = 0; round < SCAN_ROUNDS; round++) {
      // Each round reads the allocations anew: a scan whose every candidate was taken meanwhile saw
      // a stale table, and a concurrent delete may have freed an address since (read committed).
      const { rows } = await tx.query<{ ip: string }>('select host(ip_address) as ip from ip_allocations where subnet_id = $1', [subnet.id]);
      const taken = sortedAddressValues(rows.map((r) => r.ip));
      let conflicts = 0;
      for (const ip of freeAddresses(pools, taken)) {
        if (await tryReserve(tx, subnet.id, ip, portId)) return { subnet_id: subnet.id, ip_address: ip };
        conflicts++;
        if (++tries >= SCAN_PROBES) break;
      }
      if (conflicts === 0 || tries >= SCAN_PROBES) break;
    }
  }
  return null;
}

async function tryReserve(tx: StoreTransaction, subnetId: string, ip: string, portId: string): Promise<boolean> {
  const { rows } = await tx.query(
    'insert into ip_allocations (subnet_id, ip_address, port_id) values ($1, $2, $3) on conflict do nothing returning port_id',
    [subnetId, ip, portId],
  );
  return rows.length === 1;
}

/** Frees addresses a port gives up (port update); the port's delete event frees the rest. */
export async function releaseAddresses(tx: StoreTransaction, portId: string, addresses: FixedIp[]): Promise<void> {
  for (const a of addresses) {
    await tx.query('delete from ip_allocations where subnet_id = $1 and ip_address = $2 and port_id = $3', [a.subnet_id, a.ip_address, portId]);
  }
}

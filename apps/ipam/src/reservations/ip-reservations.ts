import { IpamErrors, type FixedIp, type NeutronError } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import {
  addressPoolsOf, freeAddresses, randomCandidate, sortedAddressValues,
  type AddressRequest, type SubnetOfPort,
} from '@muon/ipam-domain';
import { settled } from '../commands/batching/settled.js';

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

export interface AddressWant {
  networkId: string;
  portId: string;
  plan: AddressRequest[];
}

/**
 * reserveAddresses for many ports at once. One statement tries a first candidate for every planned
 * address: the exact one for 'specific' and 'eui64', one random candidate from the first subnet for
 * 'any'. What that statement did not get (taken meanwhile, a DHCP port's lowest address, a full
 * first subnet) goes through reserveAddresses for that port alone, in plan order, so each port ends
 * with its addresses in plan order or with the error reserveAddresses would have thrown.
 */
export async function reserveAddressesMany(tx: StoreTransaction, wants: readonly AddressWant[]): Promise<(FixedIp[] | NeutronError)[]> {
  const proposed = new Set<string>();
  const rows: { want: number; request: number; subnetId: string; ip: string }[] = [];
  wants.forEach((want, w) => want.plan.forEach((request, r) => {
    const subnetId = request.kind === 'any' ? request.subnets[0]?.id : request.subnet.id;
    const ip = request.kind !== 'any' ? request.ip_address
      : request.preferLowest || !request.subnets[0] ? null : randomCandidate(addressPoolsOf(request.subnets[0]));
    // One row per key in a statement: a second proposal of the same address simply goes the slow way.
    if (subnetId === undefined || ip === null || proposed.has(`${subnetId} ${ip}`)) return;
    proposed.add(`${subnetId} ${ip}`);
    rows.push({ want: w, request: r, subnetId, ip });
  }));
  const got = new Set<number>();
  if (rows.length > 0) {
    const { rows: inserted } = await tx.query<{ i: string }>(
      `with w as (select * from unnest($1::uuid[], $2::inet[], $3::uuid[]) with ordinality as w(subnet_id, ip_address, port_id, i)),
       ins as (insert into ip_allocations (subnet_id, ip_address, port_id) select subnet_id, ip_address, port_id from w
               on conflict do nothing returning subnet_id, ip_address, port_id)
       select w.i::text as i from w join ins using (subnet_id, ip_address, port_id)`,
      [rows.map((r) => r.subnetId), rows.map((r) => r.ip), rows.map((r) => wants[r.want]!.portId)],
      { prepare: true },
    );
    for (const { i } of inserted) got.add(Number(i) - 1);
  }
  const reserved = wants.map((want) => want.plan.map((): FixedIp | null => null));
  rows.forEach((row, k) => {
    if (got.has(k)) reserved[row.want]![row.request] = { subnet_id: row.subnetId, ip_address: row.ip };
  });
  const outcomes: (FixedIp[] | NeutronError)[] = [];
  for (const [w, want] of wants.entries()) {
    const mine = reserved[w]!;
    const rest = want.plan.filter((_, r) => mine[r] === null);
    const more = rest.length === 0 ? [] : await settled(() => reserveAddresses(tx, want.networkId, want.portId, rest));
    if (!Array.isArray(more)) {
      outcomes.push(more);
      continue;
    }
    const fromRest = more.values();
    outcomes.push(mine.map((fixed) => fixed ?? fromRest.next().value!));
  }
  return outcomes;
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
    { prepare: true },
  );
  return rows.length === 1;
}

/** Frees addresses a port gives up (port update); the port's delete event frees the rest. */
export async function releaseAddresses(tx: StoreTransaction, portId: string, addresses: FixedIp[]): Promise<void> {
  for (const a of addresses) {
    await tx.query('delete from ip_allocations where subnet_id = $1 and ip_address = $2 and port_id = $3', [a.subnet_id, a.ip_address, portId]);
  }
}

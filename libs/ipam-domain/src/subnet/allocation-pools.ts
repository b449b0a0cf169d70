import { IpamErrors, type AllocationPool } from '@muon/contracts';
import { formatCidr, type Cidr } from '../cidr/cidr.js';
import { formatIpAddress, parseIpAddress } from '../cidr/ip-address.js';
import { rangeContains, rangesOverlap, rangeWithin, type IntegerRange } from '../ranges/integer-range.js';
import { hostRange } from './default-addressing.js';

export interface ValidatedPool {
  /** Canonical text of the pool, as stored and shown. */
  pool: AllocationPool;
  range: IntegerRange;
}

/**
 * Checks user-given allocation pools as Neutron does: each one two addresses of the subnet's
 * version in order, inside the subnet's host addresses, and no two pools overlapping.
 */
export function validateAllocationPools(pools: readonly AllocationPool[], cidr: Cidr): ValidatedPool[] {
  const hosts = hostRange(cidr);
  const validated = pools.map((given): ValidatedPool => {
    const start = parseIpAddress(given.start);
    const end = parseIpAddress(given.end);
    if (!start || !end || start.version !== cidr.version || end.version !== cidr.version || start.value > end.value) {
      throw IpamErrors.invalidAllocationPool(given);
    }
    const range = { first: start.value, last: end.value };
    if (!hosts || !rangeWithin(range, hosts)) throw IpamErrors.outOfBoundsAllocationPool(given, formatCidr(cidr));
    return { pool: { start: formatIpAddress(start), end: formatIpAddress(end) }, range };
  });
  for (let i = 0; i < validated.length; i++) {
    for (let j = i + 1; j < validated.length; j++) {
      if (rangesOverlap(validated[i]!.range, validated[j]!.range)) {
        throw IpamErrors.overlappingAllocationPools(validated[i]!.pool, validated[j]!.pool, formatCidr(cidr));
      }
    }
  }
  return validated;
}

/** The gateway must not be an address the pools could hand to a port. */
export function assertGatewayOutsidePools(gateway: { text: string; value: bigint }, pools: readonly ValidatedPool[]): void {
  const clash = pools.find((p) => rangeContains(p.range, gateway.value));
  if (clash) throw IpamErrors.gatewayConflictWithAllocationPools(gateway.text, clash.pool);
}

/** Pools already stored on a subnet, as ranges (they were validated when written). */
export function storedPoolRanges(pools: readonly AllocationPool[]): ValidatedPool[] {
  return pools.map((pool) => ({ pool, range: { first: parseIpAddress(pool.start)!.value, last: parseIpAddress(pool.end)!.value } }));
}

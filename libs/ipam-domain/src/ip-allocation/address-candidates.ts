import { parseIpAddress } from '../cidr/ip-address.js';
import { firstFreeAfter, freeCount, freeMembers, randomMember } from '../ranges/free-members.js';
import { cryptoRandomBelow, type RandomBelow } from '../ranges/random-source.js';
import { memberAt, rangeSetContains, rangeSetSize } from '../ranges/range-set.js';
import { formatAddress, type AddressPools } from './address-pools.js';

/*
 * The owner allocates an address with a unique index on (subnet_id, ip_address): it inserts a
 * candidate and, on a unique violation, tries the next one. Random candidates spread concurrent
 * allocations so they rarely collide; when a pool is nearly full, random probing keeps hitting
 * taken addresses, so after a few collisions the owner reads the taken addresses and walks to a
 * free one deterministically (firstFreeAddress / freeAddresses), which ends in a definite
 * "pool is full" (IpAddressGenerationFailure) instead of retrying forever.
 */

/** How many addresses the pools hold (2^64 and more for IPv6). */
export const poolSize = (pools: AddressPools): bigint => rangeSetSize(pools.ranges);

/** Whether automatic allocation could hand out this address. */
export function isInPools(pools: AddressPools, ip: string): boolean {
  const address = parseIpAddress(ip);
  return address !== null && address.version === pools.version && rangeSetContains(pools.ranges, address.value);
}

/** The k-th allocatable address (0-based, ascending). */
export const addressAt = (pools: AddressPools, k: bigint): string => formatAddress(pools, memberAt(pools.ranges, k));

/** A uniformly random allocatable address, or null when the pools are empty. */
export function randomCandidate(pools: AddressPools, random: RandomBelow = cryptoRandomBelow): string | null {
  return pools.ranges.length === 0 ? null : formatAddress(pools, randomMember(pools.ranges, random));
}

/** Taken addresses as sorted integers, the form the deterministic helpers below expect. */
export function sortedAddressValues(addresses: Iterable<string>): bigint[] {
  const values: bigint[] = [];
  for (const a of addresses) {
    const parsed = parseIpAddress(a);
    if (parsed) values.push(parsed.value);
  }
  return values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The first allocatable address not taken, starting at `from` (e.g. the candidate that just
 * collided) and wrapping around; from the start of the pools when `from` is absent, which is how
 * Neutron gives DHCP ports the lowest free address. Null when the pools are full.
 */
export function firstFreeAddress(pools: AddressPools, taken: readonly bigint[], from?: string): string | null {
  const start = from === undefined ? undefined : parseIpAddress(from)?.value;
  const value = firstFreeAfter(pools.ranges, taken, start);
  return value === null ? null : formatAddress(pools, value);
}

/** Every free allocatable address in order from `from`, wrapping; lazily, so a /64 costs nothing. */
export function* freeAddresses(pools: AddressPools, taken: readonly bigint[], from?: string): Generator<string> {
  const start = from === undefined ? undefined : parseIpAddress(from)?.value;
  for (const value of freeMembers(pools.ranges, taken, start)) yield formatAddress(pools, value);
}

/** How many addresses are still free: what Neutron's network-ip-availability reports. */
export const freeAddressCount = (pools: AddressPools, taken: readonly bigint[]): bigint => freeCount(pools.ranges, taken);

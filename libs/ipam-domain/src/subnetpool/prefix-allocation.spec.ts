import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { cidrsOverlap, formatCidr, parseCidr, cidrContainsCidr } from '../cidr/cidr.js';
import { allocateAnyPrefix, assertWithinPoolQuota, freePrefixSpace, isPrefixAvailable } from './prefix-allocation.js';
import { parsePoolPrefixes } from './pool-prefixes.js';
import { resolvePrefixBounds } from './prefix-bounds.js';

const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('pool prefixes', () => {
  it('compacts overlapping and adjacent prefixes into the fewest blocks', () => {
    expect(parsePoolPrefixes(['10.0.1.0/24', '10.0.0.0/24', '10.0.0.128/25', '192.168.0.0/16']).cidrs.map(formatCidr))
      .toEqual(['10.0.0.0/23', '192.168.0.0/16']);
  });

  it('refuses an empty list and a mix of IPv4 and IPv6', () => {
    expect(errorOf(() => parsePoolPrefixes([])).type).toBe('EmptySubnetPoolPrefixList');
    expect(errorOf(() => parsePoolPrefixes(['10.0.0.0/8', '2001:db8::/32'])).type).toBe('PrefixVersionMismatch');
  });
});

describe('prefix bounds', () => {
  it("defaults to Neutron's /8–/32 for IPv4 and /64–/128 for IPv6, default_prefixlen = min", () => {
    expect(resolvePrefixBounds(4, {})).toEqual({ min_prefixlen: 8, max_prefixlen: 32, default_prefixlen: 8 });
    expect(resolvePrefixBounds(6, { default_prefixlen: 64 })).toEqual({ min_prefixlen: 64, max_prefixlen: 128, default_prefixlen: 64 });
  });

  it('refuses min > max, max beyond the address size and a default outside the bounds', () => {
    expect(errorOf(() => resolvePrefixBounds(4, { min_prefixlen: 28, max_prefixlen: 24 })).message).toBe('Illegal prefix bounds: min_prefixlen=28, max_prefixlen=24.');
    expect(errorOf(() => resolvePrefixBounds(4, { max_prefixlen: 33 })).type).toBe('IllegalSubnetPoolPrefixBounds');
    expect(errorOf(() => resolvePrefixBounds(4, { min_prefixlen: 16, default_prefixlen: 12 })).type).toBe('IllegalSubnetPoolPrefixBounds');
  });
});

describe('prefix allocation', () => {
  it('takes the lowest block from an empty pool', () => {
    expect(formatCidr(allocateAnyPrefix(4, freePrefixSpace(['10.0.0.0/16'], []), 24)!)).toBe('10.0.0.0/24');
  });

  it('skips allocated blocks', () => {
    expect(formatCidr(allocateAnyPrefix(4, freePrefixSpace(['10.0.0.0/16'], ['10.0.0.0/24', '10.0.1.0/25']), 24)!)).toBe('10.0.2.0/24');
  });

  it('fills the smallest hole that fits before breaking into larger free space, as Neutron does', () => {
    const free = freePrefixSpace(['10.0.0.0/16'], ['10.0.0.0/25', '10.0.1.0/24']);
    expect(formatCidr(allocateAnyPrefix(4, free, 25)!)).toBe('10.0.0.128/25');
    expect(formatCidr(allocateAnyPrefix(4, free, 24)!)).toBe('10.0.2.0/24');
  });

  it('takes the lowest free block instead when asked to', () => {
    const free = freePrefixSpace(['10.0.0.0/16'], ['10.0.0.0/24', '10.0.5.0/25']);
    expect(formatCidr(allocateAnyPrefix(4, free, 25)!)).toBe('10.0.5.128/25');
    expect(formatCidr(allocateAnyPrefix(4, free, 25, 'lowest')!)).toBe('10.0.1.0/25');
  });

  it('answers null when no block of the length is free', () => {
    expect(allocateAnyPrefix(4, freePrefixSpace(['10.0.0.0/24'], ['10.0.0.0/25']), 24)).toBeNull();
  });

  it('allocates in IPv6 pools of any size', () => {
    expect(formatCidr(allocateAnyPrefix(6, freePrefixSpace(['2001:db8::/32'], ['2001:db8::/64']), 64)!)).toBe('2001:db8:0:1::/64');
  });

  it('accepts a specific CIDR only when all of it is free', () => {
    const free = freePrefixSpace(['10.0.0.0/16'], ['10.0.1.0/24']);
    expect(isPrefixAvailable(free, parseCidr('10.0.2.0/23')!)).toBe(true);
    expect(isPrefixAvailable(free, parseCidr('10.0.0.0/23')!)).toBe(false);
    expect(isPrefixAvailable(free, parseCidr('10.1.0.0/24')!)).toBe(false);
  });

  it('counts default_quota in /32 units per project', () => {
    const pool = { ip_version: 4 as const, default_quota: 512 };
    expect(() => assertWithinPoolQuota(pool, ['10.0.0.0/24'], 24)).not.toThrow();
    expect(errorOf(() => assertWithinPoolQuota(pool, ['10.0.0.0/24', '10.0.1.0/24'], 30)).type).toBe('SubnetPoolQuotaExceeded');
  });

  it('never hands out a block that overlaps an allocated one or leaves the pool (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 20, max: 28 }), { maxLength: 40 }), (lengths) => {
      const pool = ['10.0.0.0/16', '10.9.0.0/20'];
      const allocated: string[] = [];
      for (const len of lengths) {
        const got = allocateAnyPrefix(4, freePrefixSpace(pool, allocated), len);
        if (!got) continue;
        expect(pool.some((p) => cidrContainsCidr(parseCidr(p)!, got))).toBe(true);
        for (const a of allocated) expect(cidrsOverlap(parseCidr(a)!, got)).toBe(false);
        allocated.push(formatCidr(got));
      }
    }));
  });
});

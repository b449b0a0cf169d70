import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseCidr, type Cidr } from '../cidr/cidr.js';
import { rangeSetSize } from '../ranges/range-set.js';
import { defaultAllocationPools, defaultGatewayValue, defaultPoolRanges } from './default-addressing.js';

const cidr = (text: string) => parseCidr(text)!;

describe('default gateway and allocation pools', () => {
  it('gives a /24 the gateway .1 and the pool .2 to .254', () => {
    const c = cidr('10.0.0.0/24');
    expect(defaultAllocationPools(c, defaultGatewayValue(c))).toEqual([{ start: '10.0.0.2', end: '10.0.0.254' }]);
  });

  it('splits the pool around a gateway in the middle of the range', () => {
    const c = cidr('10.0.0.0/24');
    expect(defaultAllocationPools(c, c.first + 100n)).toEqual([
      { start: '10.0.0.1', end: '10.0.0.99' }, { start: '10.0.0.101', end: '10.0.0.254' },
    ]);
  });

  it('uses every host address when there is no gateway', () => {
    expect(defaultAllocationPools(cidr('192.168.0.0/30'), null)).toEqual([{ start: '192.168.0.1', end: '192.168.0.2' }]);
  });

  it('keeps the IPv6 subnet-router address out but has no broadcast to skip', () => {
    const c = cidr('2001:db8::/64');
    expect(defaultAllocationPools(c, defaultGatewayValue(c))).toEqual([{ start: '2001:db8::2', end: '2001:db8::ffff:ffff:ffff:ffff' }]);
  });

  it('treats every address of an IPv4 /31 or /32 as a host', () => {
    expect(defaultAllocationPools(cidr('10.0.0.0/31'), null)).toEqual([{ start: '10.0.0.0', end: '10.0.0.1' }]);
    expect(defaultAllocationPools(cidr('10.0.0.7/32'), null)).toEqual([{ start: '10.0.0.7', end: '10.0.0.7' }]);
  });

  const v4Cidr = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 30 }))
    .map(([v, len]) => cidr(`${[24, 16, 8, 0].map((s) => (v >>> s) & 255).join('.')}/${len}`));
  const v6Cidr = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 64, max: 126 }))
    .map(([v, len]): Cidr => {
      const mask = (1n << BigInt(128 - len)) - 1n;
      return { version: 6, prefixlen: len, first: v & ~mask, last: (v & ~mask) | mask };
    });

  it('partitions the CIDR: default pools, gateway, network and IPv4 broadcast cover it exactly once (property)', () => {
    fc.assert(fc.property(fc.oneof(v4Cidr, v6Cidr), fc.boolean(), fc.bigInt({ min: 0n, max: 1n << 62n }), (c, useDefaultGateway, offset) => {
      const size = c.last - c.first + 1n;
      const gateway = useDefaultGateway ? defaultGatewayValue(c) : c.first + 1n + (offset % (size - 2n));
      const pools = defaultPoolRanges(c, gateway);
      const reserved = new Set([c.first, gateway, ...(c.version === 4 ? [c.last] : [])]);
      // Disjoint from the reserved addresses, inside the CIDR, and together they add up to the CIDR size.
      for (const r of pools) {
        expect(r.first >= c.first && r.last <= c.last).toBe(true);
        for (const x of reserved) expect(x >= r.first && x <= r.last).toBe(false);
      }
      for (let i = 1; i < pools.length; i++) expect(pools[i]!.first > pools[i - 1]!.last).toBe(true);
      expect(rangeSetSize(pools) + BigInt(reserved.size)).toBe(size);
    }));
  });
});

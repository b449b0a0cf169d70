import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseCidr } from '../cidr/cidr.js';
import { parseIpAddress } from '../cidr/ip-address.js';
import { seededRandomBelow } from '../ranges/random-source.js';
import { defaultAllocationPools, defaultGatewayValue } from '../subnet/default-addressing.js';
import { formatIpAddress } from '../cidr/ip-address.js';
import {
  addressAt, firstFreeAddress, freeAddressCount, freeAddresses, isInPools, poolSize, randomCandidate, sortedAddressValues,
} from './address-candidates.js';
import { addressPoolsOf } from './address-pools.js';

const subnet = (cidr: string, gateway_ip: string | null, allocation_pools?: { start: string; end: string }[]) => {
  const c = parseCidr(cidr)!;
  const gw = gateway_ip === null ? null : parseIpAddress(gateway_ip)!.value;
  return { id: 's1', cidr, gateway_ip, allocation_pools: allocation_pools ?? defaultAllocationPools(c, gw) };
};

describe('address pools of a subnet', () => {
  const pools = addressPoolsOf(subnet('10.0.0.0/24', '10.0.0.1'));

  it('holds 253 addresses in a /24 with a gateway', () => {
    expect(poolSize(pools)).toBe(253n);
    expect(addressAt(pools, 0n)).toBe('10.0.0.2');
    expect(addressAt(pools, 252n)).toBe('10.0.0.254');
  });

  it('knows which addresses automatic allocation may use', () => {
    expect(isInPools(pools, '10.0.0.2')).toBe(true);
    for (const no of ['10.0.0.0', '10.0.0.1', '10.0.0.255', '10.0.1.2', '::1', 'junk']) expect(isInPools(pools, no)).toBe(false);
  });

  it('keeps the gateway, network and broadcast out even of pools stored wrongly', () => {
    const legacy = addressPoolsOf(subnet('10.0.0.0/29', '10.0.0.1', [{ start: '10.0.0.0', end: '10.0.0.7' }]));
    expect([...freeAddresses(legacy, [])]).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
  });

  it('handles IPv6 /64 pools as bigints', () => {
    const v6 = addressPoolsOf(subnet('2001:db8::/64', '2001:db8::1'));
    expect(poolSize(v6)).toBe((1n << 64n) - 2n);
    expect(isInPools(v6, randomCandidate(v6, seededRandomBelow(3))!)).toBe(true);
    expect(firstFreeAddress(v6, sortedAddressValues(['2001:db8::2', '2001:db8::3']))).toBe('2001:db8::4');
  });
});

describe('finding a free address deterministically', () => {
  const pools = addressPoolsOf(subnet('10.0.0.0/29', '10.0.0.1'));

  it('gives the lowest free address when asked from the start, as for DHCP ports', () => {
    expect(firstFreeAddress(pools, sortedAddressValues(['10.0.0.2', '10.0.0.3']))).toBe('10.0.0.4');
  });

  it('continues after a collided candidate and wraps around', () => {
    expect(firstFreeAddress(pools, sortedAddressValues(['10.0.0.5', '10.0.0.6']), '10.0.0.5')).toBe('10.0.0.2');
  });

  it('answers null when the pool is full: the owner then answers 409 IpAddressGenerationFailure', () => {
    const all = ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'];
    expect(firstFreeAddress(pools, sortedAddressValues(all))).toBeNull();
    expect(freeAddressCount(pools, sortedAddressValues(all))).toBe(0n);
    expect(randomCandidate(addressPoolsOf(subnet('10.0.0.0/24', null, [])))).toBeNull();
  });
});

describe('allocation safety (property)', () => {
  const v4Subnet = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 22, max: 30 }), fc.boolean(), fc.nat())
    .map(([v, len, withGateway, gwOffset]) => {
      const c = parseCidr(`${[24, 16, 8, 0].map((s) => (v >>> s) & 255).join('.')}/${len}`)!;
      const size = c.last - c.first + 1n;
      const gw = withGateway ? c.first + 1n + (BigInt(gwOffset) % (size - 2n)) : null;
      return { cidr: c, gateway: gw, subnet: subnet(`${formatIpAddress({ version: 4, value: c.first })}/${len}`, gw === null ? null : formatIpAddress({ version: 4, value: gw })) };
    });

  it('never returns the gateway, network or broadcast address, nor one outside the pools', () => {
    fc.assert(fc.property(v4Subnet, fc.integer(), fc.array(fc.nat(), { maxLength: 30 }), ({ cidr, gateway, subnet: s }, seed, takenIdx) => {
      const pools = addressPoolsOf(s);
      const forbidden = new Set([cidr.first, cidr.last, ...(gateway === null ? [] : [gateway])]);
      const random = seededRandomBelow(seed);
      const size = poolSize(pools);
      const taken = sortedAddressValues(takenIdx.map((i) => addressAt(pools, BigInt(i) % size)));
      const picks = [randomCandidate(pools, random), firstFreeAddress(pools, taken), firstFreeAddress(pools, taken, randomCandidate(pools, random)!)];
      for (const pick of picks) {
        if (pick === null) continue;
        const value = parseIpAddress(pick)!.value;
        expect(forbidden.has(value)).toBe(false);
        expect(isInPools(pools, pick)).toBe(true);
        expect(s.allocation_pools.some((p) => value >= parseIpAddress(p.start)!.value && value <= parseIpAddress(p.end)!.value)).toBe(true);
      }
      for (const pick of picks.slice(1)) if (pick !== null) expect(taken.includes(parseIpAddress(pick)!.value)).toBe(false);
    }));
  });

  it('the default gateway of a /24 is never a candidate', () => {
    const c = parseCidr('192.168.7.0/24')!;
    const pools = addressPoolsOf(subnet('192.168.7.0/24', formatIpAddress({ version: 4, value: defaultGatewayValue(c) })));
    const random = seededRandomBelow(42);
    for (let i = 0; i < 500; i++) expect(randomCandidate(pools, random)).not.toBe('192.168.7.1');
  });
});

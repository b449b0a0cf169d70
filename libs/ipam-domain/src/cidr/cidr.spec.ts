import { describe, expect, it } from '@jest/globals';
import {
  broadcastAddress, cidrContainsAddress, cidrContainsCidr, cidrSize, cidrsOverlap, formatCidr, normaliseCidr, parseCidr,
  parseCidrDetailed, rangeToCidrs,
} from './cidr.js';
import { canonicalIpAddress, formatIpAddress, isMulticastAddress, parseIpAddress } from './ip-address.js';

const cidr = (text: string) => parseCidr(text)!;
const ip = (text: string) => parseIpAddress(text)!;

describe('IP addresses', () => {
  it('turns IPv4 and IPv6 addresses into integers and back', () => {
    expect(ip('10.0.0.1')).toEqual({ version: 4, value: 0x0a000001n });
    expect(ip('::1')).toEqual({ version: 6, value: 1n });
    expect(formatIpAddress({ version: 6, value: (0x20010db8n << 96n) | 1n })).toBe('2001:db8::1');
    expect(formatIpAddress({ version: 4, value: 0xc0a80101n })).toBe('192.168.1.1');
  });

  it('writes IPv6 addresses in their canonical lower-case compressed form', () => {
    expect(canonicalIpAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
  });

  it('refuses text Neutron refuses: leading zeros, whitespace, zone ids, prefixes and garbage', () => {
    for (const bad of ['010.0.0.1', ' 10.0.0.1', '10.0.0.1 ', 'fe80::1%eth0', '10.0.0.1/32', '256.0.0.1', '10.0.0', 'abc', '']) {
      expect(parseIpAddress(bad)).toBeNull();
    }
  });

  it('recognises multicast addresses of both families', () => {
    expect(isMulticastAddress(ip('224.0.0.1'))).toBe(true);
    expect(isMulticastAddress(ip('ff02::1'))).toBe(true);
    expect(isMulticastAddress(ip('10.0.0.1'))).toBe(false);
  });
});

describe('CIDR maths', () => {
  it('normalises a CIDR with host bits set to its network address, as Neutron does for subnets', () => {
    expect(normaliseCidr('10.0.0.5/24')).toBe('10.0.0.0/24');
    expect(normaliseCidr('2001:db8::5/64')).toBe('2001:db8::/64');
    expect(parseCidrDetailed('10.0.0.5/24')!.hostBitsSet).toBe(true);
    expect(parseCidrDetailed('10.0.0.0/24')!.hostBitsSet).toBe(false);
  });

  it('refuses a CIDR without a prefix length or with one too long', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10/8', '10.0.0.0/-1', '10.0.0.0/2 4']) {
      expect(parseCidr(bad)).toBeNull();
    }
  });

  it('knows the first, last and size of a block', () => {
    const c = cidr('192.168.1.0/24');
    expect(formatIpAddress({ version: 4, value: c.first })).toBe('192.168.1.0');
    expect(formatIpAddress({ version: 4, value: c.last })).toBe('192.168.1.255');
    expect(cidrSize(c)).toBe(256n);
    expect(cidrSize(cidr('2001:db8::/64'))).toBe(1n << 64n);
    expect(broadcastAddress(c)).toBe(c.last);
    expect(broadcastAddress(cidr('2001:db8::/64'))).toBeNull();
  });

  it('answers containment and overlap, never across IP versions', () => {
    expect(cidrContainsAddress(cidr('10.0.0.0/24'), ip('10.0.0.200'))).toBe(true);
    expect(cidrContainsAddress(cidr('10.0.0.0/24'), ip('10.0.1.1'))).toBe(false);
    expect(cidrContainsCidr(cidr('10.0.0.0/16'), cidr('10.0.3.0/24'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/24'), cidr('10.0.0.128/25'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/25'), cidr('10.0.0.128/25'))).toBe(false);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('::/0'))).toBe(false);
  });

  it('covers a range with the fewest CIDR blocks', () => {
    const c = (a: string, b: string) => ({ first: ip(a).value, last: ip(b).value });
    expect(rangeToCidrs(4, c('10.0.0.1', '10.0.0.6')).map(formatCidr)).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
    expect(rangeToCidrs(4, c('0.0.0.0', '255.255.255.255')).map(formatCidr)).toEqual(['0.0.0.0/0']);
    expect(rangeToCidrs(6, c('2001:db8::', '2001:db8::ffff')).map(formatCidr)).toEqual(['2001:db8::/112']);
  });
});

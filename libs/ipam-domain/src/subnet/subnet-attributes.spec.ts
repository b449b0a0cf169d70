import { describe, expect, it } from '@jest/globals';
import { parseCidr } from '../cidr/cidr.js';
import {
  assertDhcpCompatible, assertIpv6ModesValid, DEFAULT_SUBNET_LIMITS, isAutoAddressSubnet, normaliseDnsNameservers,
  normaliseHostRoutes, normaliseServiceTypes, parseGatewayIp,
} from './subnet-attributes.js';

const cidr = (text: string) => parseCidr(text)!;
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('gateway_ip', () => {
  it('accepts an address inside the subnet and one outside it (reachable through host routes)', () => {
    expect(parseGatewayIp('10.0.0.254', cidr('10.0.0.0/24')).text).toBe('10.0.0.254');
    expect(parseGatewayIp('192.168.1.1', cidr('10.0.0.0/24')).text).toBe('192.168.1.1');
  });

  it('refuses the IPv4 network and broadcast addresses', () => {
    expect(errorOf(() => parseGatewayIp('10.0.0.0', cidr('10.0.0.0/24'))).message).toBe('Invalid input for operation: Gateway is not valid on subnet.');
    expect(errorOf(() => parseGatewayIp('10.0.0.255', cidr('10.0.0.0/24'))).type).toBe('InvalidInput');
  });

  it('refuses a gateway of the other IP version', () => {
    expect(errorOf(() => parseGatewayIp('2001:db8::1', cidr('10.0.0.0/24'))).message).toContain("does not match the ip_version '4'");
  });
});

describe('DHCP compatibility', () => {
  it('refuses DHCP on IPv4 subnets smaller than /30 and IPv6 smaller than /126', () => {
    expect(errorOf(() => assertDhcpCompatible(cidr('10.0.0.0/31'))).message).toContain('incompatible with DHCP service enabled');
    expect(() => assertDhcpCompatible(cidr('10.0.0.0/30'))).not.toThrow();
    expect(() => assertDhcpCompatible(cidr('2001:db8::/127'))).toThrow();
  });

  it('refuses DHCP on multicast, loopback and 0.0.0.0-based subnets', () => {
    expect(errorOf(() => assertDhcpCompatible(cidr('224.0.0.0/24'))).message).toContain('Multicast');
    expect(errorOf(() => assertDhcpCompatible(cidr('127.0.0.0/8'))).message).toContain('Loopback');
    expect(errorOf(() => assertDhcpCompatible(cidr('0.0.0.0/8'))).message).toContain("First IP '0.0.0.0'");
  });
});

describe('dns_nameservers and host_routes', () => {
  it('canonicalises nameservers and refuses duplicates, wrong versions and more than five', () => {
    expect(normaliseDnsNameservers(['2001:DB8::53'], 6, DEFAULT_SUBNET_LIMITS)).toEqual(['2001:db8::53']);
    expect(errorOf(() => normaliseDnsNameservers(['8.8.8.8', '8.8.8.8'], 4, DEFAULT_SUBNET_LIMITS)).message).toContain("Duplicate nameserver '8.8.8.8'");
    expect(errorOf(() => normaliseDnsNameservers(['::1'], 4, DEFAULT_SUBNET_LIMITS)).type).toBe('InvalidInput');
    const six = ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4', '1.1.1.5', '1.1.1.6'];
    expect(errorOf(() => normaliseDnsNameservers(six, 4, DEFAULT_SUBNET_LIMITS))).toMatchObject({ status: 400, type: 'DNSNameServersExhausted' });
  });

  it('checks each route is a CIDR and a next hop of the subnet version, without duplicates or beyond twenty', () => {
    expect(normaliseHostRoutes([{ destination: '0.0.0.0/0', nexthop: '10.0.0.1' }], 4, DEFAULT_SUBNET_LIMITS))
      .toEqual([{ destination: '0.0.0.0/0', nexthop: '10.0.0.1' }]);
    expect(errorOf(() => normaliseHostRoutes([{ destination: '::/0', nexthop: '10.0.0.1' }], 4, DEFAULT_SUBNET_LIMITS)).type).toBe('InvalidInput');
    expect(errorOf(() => normaliseHostRoutes([{ destination: 'x', nexthop: '10.0.0.1' }], 4, DEFAULT_SUBNET_LIMITS)).message).toContain('Invalid route');
    const route = { destination: '10.1.0.0/16', nexthop: '10.0.0.1' };
    expect(errorOf(() => normaliseHostRoutes([route, route], 4, DEFAULT_SUBNET_LIMITS)).message).toContain('Duplicate hostroute');
    const many = Array.from({ length: 21 }, (_, i) => ({ destination: `10.${i}.0.0/16`, nexthop: '10.0.0.1' }));
    expect(errorOf(() => normaliseHostRoutes(many, 4, DEFAULT_SUBNET_LIMITS)).type).toBe('HostRoutesExhausted');
  });
});

describe('IPv6 address modes', () => {
  const v6 = (ra: 'slaac' | 'dhcpv6-stateful' | 'dhcpv6-stateless' | null, address: typeof ra, enable_dhcp = true) =>
    ({ ip_version: 6 as const, ipv6_ra_mode: ra, ipv6_address_mode: address, enable_dhcp });

  it('accepts equal modes, a single mode, or none', () => {
    expect(() => assertIpv6ModesValid(v6('slaac', 'slaac'), cidr('2001:db8::/64'))).not.toThrow();
    expect(() => assertIpv6ModesValid(v6(null, 'dhcpv6-stateful'), cidr('2001:db8::/80'))).not.toThrow();
    expect(() => assertIpv6ModesValid(v6(null, null, false), cidr('2001:db8::/120'))).not.toThrow();
  });

  it('refuses two different modes', () => {
    expect(errorOf(() => assertIpv6ModesValid(v6('slaac', 'dhcpv6-stateful'), cidr('2001:db8::/64'))).message)
      .toContain("ipv6_ra_mode set to 'slaac' with ipv6_address_mode set to 'dhcpv6-stateful' is not valid");
  });

  it('refuses modes with DHCP disabled, and modes on IPv4 subnets', () => {
    expect(errorOf(() => assertIpv6ModesValid(v6('slaac', null, false), cidr('2001:db8::/64'))).message).toContain('cannot be set when enable_dhcp is set to False');
    expect(errorOf(() => assertIpv6ModesValid({ ip_version: 4, ipv6_ra_mode: 'slaac', ipv6_address_mode: null, enable_dhcp: true }, cidr('10.0.0.0/24'))).message)
      .toContain('ipv6_ra_mode is not valid when ip_version is 4');
  });

  it('requires a /64 for SLAAC and DHCPv6-stateless, whose addresses are EUI-64', () => {
    expect(errorOf(() => assertIpv6ModesValid(v6(null, 'dhcpv6-stateless'), cidr('2001:db8::/80'))).message).toContain('requires the prefix to be /64');
    expect(isAutoAddressSubnet({ ipv6_ra_mode: 'slaac', ipv6_address_mode: null })).toBe(true);
    expect(isAutoAddressSubnet({ ipv6_ra_mode: null, ipv6_address_mode: 'dhcpv6-stateful' })).toBe(false);
  });
});

describe('service_types', () => {
  it('accepts device owners and refuses anything else', () => {
    expect(normaliseServiceTypes(['network:router_gateway', 'compute:nova'])).toEqual(['network:router_gateway', 'compute:nova']);
    expect(errorOf(() => normaliseServiceTypes(['foo']))).toMatchObject({ status: 400, type: 'InvalidSubnetServiceType' });
  });
});

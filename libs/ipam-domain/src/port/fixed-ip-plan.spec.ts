import { describe, expect, it } from '@jest/globals';
import type { SubnetOfPort } from './port.commands.js';
import { planFixedIps, planFixedIpsUpdate } from './fixed-ip-plan.js';

const NET = 'net';
const MAC = 'fa:16:3e:12:34:56';
const subnet = (id: string, cidr: string, extra: Partial<SubnetOfPort> = {}): SubnetOfPort => ({
  id, network_id: NET, cidr, ip_version: cidr.includes(':') ? 6 : 4, gateway_ip: null, allocation_pools: [],
  ipv6_ra_mode: null, ipv6_address_mode: null, service_types: [], ...extra,
});
const v4a = subnet('v4a', '10.0.0.0/24');
const v4b = subnet('v4b', '10.0.1.0/24');
const v6stateful = subnet('v6s', '2001:db8:1::/64', { ipv6_address_mode: 'dhcpv6-stateful', ipv6_ra_mode: 'dhcpv6-stateful' });
const v6slaac = subnet('v6a', '2001:db8:2::/64', { ipv6_address_mode: 'slaac', ipv6_ra_mode: 'slaac' });
const plan = (requested: { subnet_id?: string; ip_address?: string }[] | undefined, subnets: SubnetOfPort[], deviceOwner = 'compute:nova') =>
  planFixedIps({ networkId: NET, requested, subnets, deviceOwner, macAddress: MAC });
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('fixed IPs of a new port', () => {
  it('gives one IPv4 address from the first subnet with room, one stateful IPv6 address and every SLAAC address', () => {
    expect(plan(undefined, [v4a, v4b, v6stateful, v6slaac])).toEqual([
      { kind: 'any', subnets: [v4a, v4b], preferLowest: false },
      { kind: 'any', subnets: [v6stateful], preferLowest: false },
      { kind: 'eui64', subnet: v6slaac, ip_address: '2001:db8:2:0:f816:3eff:fe12:3456' },
    ]);
  });

  it('gives no SLAAC address to router ports and the lowest address to DHCP ports', () => {
    expect(plan(undefined, [v6slaac], 'network:router_interface')).toEqual([]);
    expect(plan(undefined, [v4a], 'network:dhcp')).toEqual([{ kind: 'any', subnets: [v4a], preferLowest: true }]);
  });

  it('creates a port without addresses on a network without subnets', () => {
    expect(plan(undefined, [])).toEqual([]);
  });

  it('uses only subnets whose service types admit the device owner', () => {
    const fip = subnet('fip', '10.9.0.0/24', { service_types: ['network:floatingip'] });
    expect(plan(undefined, [fip, v4a], 'compute:nova')).toEqual([{ kind: 'any', subnets: [v4a], preferLowest: false }]);
    expect(errorOf(() => plan(undefined, [fip], 'compute:nova')).type).toBe('IpAddressGenerationFailureNoMatchingSubnet');
  });

  it('takes a requested address on the subnet that holds it', () => {
    expect(plan([{ ip_address: '10.0.1.7' }], [v4a, v4b])).toEqual([{ kind: 'specific', subnet: v4b, ip_address: '10.0.1.7' }]);
    expect(plan([{ subnet_id: 'v4a' }], [v4a, v4b])).toEqual([{ kind: 'any', subnets: [v4a], preferLowest: false }]);
  });

  it('answers InvalidIpForNetwork, InvalidIpForSubnet and InvalidInput for addresses or subnets that do not fit', () => {
    expect(errorOf(() => plan([{ ip_address: '192.168.0.1' }], [v4a]))).toMatchObject({ status: 400, type: 'InvalidIpForNetwork' });
    expect(errorOf(() => plan([{ subnet_id: 'v4a', ip_address: '10.0.1.7' }], [v4a, v4b]))).toMatchObject({ status: 400, type: 'InvalidIpForSubnet' });
    expect(errorOf(() => plan([{ subnet_id: 'v4a', ip_address: '10.0.0.255' }], [v4a])).type).toBe('InvalidIpForSubnet');
    expect(errorOf(() => plan([{ subnet_id: 'elsewhere' }], [v4a])).message).toContain('fixed_ips included invalid subnet elsewhere');
  });

  it('refuses the same address twice', () => {
    expect(errorOf(() => plan([{ ip_address: '10.0.0.5' }, { ip_address: '10.0.0.5' }], [v4a])).message).toContain("Duplicate IP address '10.0.0.5'");
  });

  it('refuses a chosen address on a SLAAC subnet but lets a router interface take its gateway', () => {
    expect(errorOf(() => plan([{ ip_address: '2001:db8:2::5' }], [v6slaac])).message).toContain('cannot be directly assigned');
    expect(plan([{ subnet_id: 'v6a', ip_address: '2001:db8:2::1' }], [v6slaac], 'network:router_interface'))
      .toEqual([{ kind: 'specific', subnet: v6slaac, ip_address: '2001:db8:2::1' }]);
  });

  it('lets only router ports take the IPv6 subnet-router anycast address', () => {
    expect(errorOf(() => plan([{ subnet_id: 'v6s', ip_address: '2001:db8:1::' }], [v6stateful])).type).toBe('InvalidIpForSubnet');
    expect(plan([{ subnet_id: 'v6s', ip_address: '2001:db8:1::' }], [v6stateful], 'network:router_gateway')).toHaveLength(1);
  });
});

describe('fixed IPs of an updated port', () => {
  const current = [{ subnet_id: 'v4a', ip_address: '10.0.0.5' }, { subnet_id: 'v4b', ip_address: '10.0.1.5' }];
  const update = (requested: { subnet_id?: string; ip_address?: string }[]) =>
    planFixedIpsUpdate(current, { networkId: NET, requested, subnets: [v4a, v4b], deviceOwner: 'compute:nova', macAddress: MAC });

  it('keeps addresses asked for again, releases the rest and plans the new ones', () => {
    const result = update([{ ip_address: '10.0.0.5' }, { subnet_id: 'v4a', ip_address: '10.0.0.9' }]);
    expect(result.keep).toEqual([current[0]]);
    expect(result.release).toEqual([current[1]]);
    expect(result.allocate).toEqual([{ kind: 'specific', subnet: v4a, ip_address: '10.0.0.9' }]);
  });

  it('keeps the address on a subnet named by subnet_id alone', () => {
    expect(update([{ subnet_id: 'v4b' }])).toMatchObject({ keep: [current[1]], release: [current[0]], allocate: [] });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { RouterInterface } from '@muon/contracts';
import { assertInterfaceFits, interfaceToRemove } from './interface-checks.js';

const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};
const iface = (port: string, subnets: [string, string][]): RouterInterface =>
  ({ port_id: port, network_id: `net-${port}`, subnet_ids: subnets.map(([s]) => s), cidrs: subnets.map(([, c]) => c) });

const existing = [iface('p1', [['s1', '10.0.0.0/24']]), iface('p2', [['s2', 'fd00:2::/64'], ['s3', 'fd00:3::/64']])];

describe('assertInterfaceFits', () => {
  it('lets a router connect subnets that do not overlap what it has', () => {
    expect(() => assertInterfaceFits(existing, [{ id: 's4', cidr: '10.0.1.0/24' }, { id: 's5', cidr: 'fd00:4::/64' }])).not.toThrow();
    expect(() => assertInterfaceFits([], [{ id: 's1', cidr: '10.0.0.0/24' }])).not.toThrow();
  });

  it('refuses a second port on a subnet the router is already on (400)', () => {
    expect(errorOf(() => assertInterfaceFits(existing, [{ id: 's3', cidr: 'fd00:3::/64' }]))).toMatchObject({
      status: 400, type: 'BadRequest', message: 'Bad router request: Router already has a port on subnet s3.',
    });
  });

  it('refuses a subnet overlapping a connected one, either way round, naming both', () => {
    expect(errorOf(() => assertInterfaceFits(existing, [{ id: 's9', cidr: '10.0.0.128/25' }])).message)
      .toBe('Bad router request: Cidr 10.0.0.128/25 of subnet s9 overlaps with cidr 10.0.0.0/24 of subnet s1.');
    expect(errorOf(() => assertInterfaceFits(existing, [{ id: 's9', cidr: 'fd00::/16' }])).message).toMatch(/overlaps with cidr fd00:2::\/64 of subnet s2/);
  });

  it('never takes an IPv4 and an IPv6 subnet for overlapping', () => {
    expect(() => assertInterfaceFits([iface('p1', [['s1', '0.0.0.0/0']])], [{ id: 's2', cidr: '::/0' }])).not.toThrow();
  });
});

describe('interfaceToRemove', () => {
  it('finds an interface by port, or by any of its subnets', () => {
    expect(interfaceToRemove('r1', existing, { port_id: 'p2' })).toBe(existing[1]);
    expect(interfaceToRemove('r1', existing, { subnet_id: 's3' })).toBe(existing[1]);
    expect(interfaceToRemove('r1', existing, { port_id: 'p2', subnet_id: 's2' })).toBe(existing[1]);
  });

  it('answers 404 RouterInterfaceNotFound for a port that is not one of the router\'s interfaces', () => {
    expect(errorOf(() => interfaceToRemove('r1', existing, { port_id: 'p9' }))).toMatchObject({
      status: 404, type: 'RouterInterfaceNotFound', message: 'Router r1 does not have an interface with id p9',
    });
  });

  it('answers 404 RouterInterfaceNotFoundForSubnet for a subnet the router is not on', () => {
    expect(errorOf(() => interfaceToRemove('r1', existing, { subnet_id: 's9' }))).toMatchObject({
      status: 404, type: 'RouterInterfaceNotFoundForSubnet', message: 'Router r1 has no interface on subnet s9',
    });
  });

  it('answers 400 SubnetMismatchForPort when the port is an interface but not on the named subnet', () => {
    expect(errorOf(() => interfaceToRemove('r1', existing, { port_id: 'p1', subnet_id: 's2' }))).toMatchObject({
      status: 400, type: 'SubnetMismatchForPort', message: 'Subnet on port p1 does not match the requested subnet s2.',
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { RequestContext, Subnet, Subnetpool } from '@muon/contracts';
import type { SubnetCommand, SubnetCreateAttributes, SubnetState } from './subnet.commands.js';
import { decideSubnet, evolveSubnet, initialSubnetState } from './subnet.decider.js';
import { portsReleasedWithSubnet } from './subnet-delete.js';

const NET = '11111111-1111-1111-1111-111111111111';
const ctx: RequestContext = { userId: 'u1', projectId: 'p1', roles: ['member'], isAdmin: false, requestId: 'r1' };
const admin: RequestContext = { ...ctx, projectId: 'admin-project', roles: ['admin'], isAdmin: true };
const NOW = '2025-01-01T00:00:00Z';
const LATER = '2025-01-02T00:00:00Z';

const network = { id: NET, project_id: 'p1', shared: false, subnets: [] as Subnet[] };
const create = (attributes: Partial<SubnetCreateAttributes>, extra: Partial<Extract<SubnetCommand, { type: 'create' }>> = {}): SubnetCommand => ({
  type: 'create', id: 's1', now: NOW, network,
  attributes: { project_id: 'p1', network_id: NET, ip_version: 4, ...attributes }, ...extra,
});
const created = (attributes: Partial<SubnetCreateAttributes>, extra = {}): Subnet =>
  (decideSubnet(create(attributes, extra), initialSubnetState(), ctx)[0]!.data as { subnet: Subnet }).subnet;
const stateOf = (subnet: Subnet): SubnetState => ({ subnet, deleted: false });
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('subnet create', () => {
  it('creates a subnet with Neutron defaults: gateway .1, pool .2-.254, DHCP on, revision 1', () => {
    const events = decideSubnet(create({ cidr: '10.0.0.0/24' }), initialSubnetState(), ctx);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ipam.subnet.created', version: 1, projectId: 'p1' });
    expect(created({ cidr: '10.0.0.0/24' })).toEqual({
      id: 's1', project_id: 'p1', tenant_id: 'p1', name: '', description: '', network_id: NET, ip_version: 4,
      cidr: '10.0.0.0/24', subnetpool_id: null, gateway_ip: '10.0.0.1',
      allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.254' }], dns_nameservers: [], host_routes: [],
      enable_dhcp: true, ipv6_ra_mode: null, ipv6_address_mode: null, segment_id: null, service_types: [], tags: [],
      created_at: NOW, updated_at: NOW, revision_number: 1,
    });
  });

  it('stores 10.0.0.5/24 as 10.0.0.0/24', () => {
    expect(created({ cidr: '10.0.0.5/24' }).cidr).toBe('10.0.0.0/24');
  });

  it('has no gateway when gateway_ip is null, and then pools cover .1-.254', () => {
    const s = created({ cidr: '10.0.0.0/24', gateway_ip: null });
    expect(s.gateway_ip).toBeNull();
    expect(s.allocation_pools).toEqual([{ start: '10.0.0.1', end: '10.0.0.254' }]);
  });

  it('builds the default pools around a given gateway', () => {
    expect(created({ cidr: '10.0.0.0/24', gateway_ip: '10.0.0.254' }).allocation_pools).toEqual([{ start: '10.0.0.1', end: '10.0.0.253' }]);
  });

  it('refuses a CIDR that does not match ip_version', () => {
    expect(errorOf(() => created({ cidr: '2001:db8::/64' })).message).toContain("cidr '2001:db8::/64' does not match the ip_version '4'");
  });

  it('refuses a /0 subnet', () => {
    expect(errorOf(() => created({ cidr: '0.0.0.0/0', enable_dhcp: false })).message).toContain('0 is not allowed as CIDR prefix length');
  });

  it('refuses a CIDR overlapping another subnet of the same network', () => {
    const withSubnet = { ...network, subnets: [{ id: 's0', cidr: '10.0.0.0/16', ip_version: 4 as const, subnetpool_id: null }] };
    const e = errorOf(() => created({ cidr: '10.0.3.0/24' }, { network: withSubnet }));
    expect(e).toMatchObject({ status: 400, type: 'InvalidInput' });
    expect(e.message).toBe(`Invalid input for operation: Requested subnet with cidr: 10.0.3.0/24 for network: ${NET} overlaps with another subnet.`);
  });

  it('allows the same CIDR on another network and an IPv6 subnet beside an IPv4 one', () => {
    const withSubnet = { ...network, subnets: [{ id: 's0', cidr: '10.0.0.0/24', ip_version: 4 as const, subnetpool_id: null }] };
    expect(created({ ip_version: 6, cidr: '2001:db8::/64' }, { network: withSubnet }).cidr).toBe('2001:db8::/64');
  });

  it('refuses given pools holding the gateway with 409 GatewayConflictWithAllocationPools', () => {
    const e = errorOf(() => created({ cidr: '10.0.0.0/24', allocation_pools: [{ start: '10.0.0.1', end: '10.0.0.10' }] }));
    expect(e).toMatchObject({ status: 409, type: 'GatewayConflictWithAllocationPools' });
  });

  it('keeps given pools as written when they are valid', () => {
    expect(created({ cidr: '10.0.0.0/24', allocation_pools: [{ start: '10.0.0.100', end: '10.0.0.200' }] }).allocation_pools)
      .toEqual([{ start: '10.0.0.100', end: '10.0.0.200' }]);
  });

  it('creates an IPv6 SLAAC subnet with the default gateway ::1', () => {
    const s = created({ ip_version: 6, cidr: '2001:db8:1::/64', ipv6_ra_mode: 'slaac', ipv6_address_mode: 'slaac' });
    expect(s.gateway_ip).toBe('2001:db8:1::1');
    expect(s.allocation_pools).toEqual([{ start: '2001:db8:1::2', end: '2001:db8:1:0:ffff:ffff:ffff:ffff' }]);
  });

  it('refuses cidr and prefixlen together, and a request with neither cidr nor pool', () => {
    expect(errorOf(() => created({ cidr: '10.0.0.0/24', prefixlen: 24 })).message).toBe('Bad subnets request: cidr and prefixlen must not be supplied together.');
    expect(errorOf(() => created({}))).toMatchObject({ status: 400, message: 'Bad subnets request: a subnetpool must be specified in the absence of a cidr.' });
  });

  it("hides another project's private network and refuses subnets on a shared one", () => {
    expect(errorOf(() => created({ cidr: '10.0.0.0/24' }, { network: { ...network, project_id: 'other' } }))).toMatchObject({ status: 404, type: 'NetworkNotFound' });
    expect(errorOf(() => created({ cidr: '10.0.0.0/24' }, { network: { ...network, project_id: 'other', shared: true } })).status).toBe(403);
    expect(decideSubnet(create({ cidr: '10.0.0.0/24' }, { network: { ...network, project_id: 'other' } }), initialSubnetState(), admin)).toHaveLength(1);
  });

  it('refuses to create a subnet whose id already exists', () => {
    const s = created({ cidr: '10.0.0.0/24' });
    expect(errorOf(() => decideSubnet(create({ cidr: '10.0.0.0/24' }), stateOf(s), ctx)).status).toBe(409);
  });
});

describe('subnet create from a subnet pool', () => {
  const pool: Subnetpool = {
    id: 'pool1', project_id: 'p1', tenant_id: 'p1', name: 'pool', description: '', prefixes: ['10.10.0.0/16'],
    default_prefixlen: 24, min_prefixlen: 16, max_prefixlen: 28, ip_version: 4, shared: false, is_default: true,
    address_scope_id: null, default_quota: null, tags: [], created_at: NOW, updated_at: NOW, revision_number: 1,
  };
  const facts = (over: Partial<Subnetpool> = {}, allocatedCidrs: string[] = []) =>
    ({ subnetpool: { pool: { ...pool, ...over }, allocatedCidrs, projectAllocatedCidrs: allocatedCidrs } });

  it("takes the lowest free block of the pool's default length", () => {
    const s = created({ subnetpool_id: 'pool1' }, facts({}, ['10.10.0.0/24']));
    expect(s).toMatchObject({ cidr: '10.10.1.0/24', subnetpool_id: 'pool1', gateway_ip: '10.10.1.1' });
  });

  it('takes the requested prefixlen, and the default pool with use_default_subnetpool', () => {
    expect(created({ subnetpool_id: 'pool1', prefixlen: 26 }, facts()).cidr).toBe('10.10.0.0/26');
    expect(created({ use_default_subnetpool: true }, facts()).cidr).toBe('10.10.0.0/24');
  });

  it('answers when no default pool exists', () => {
    expect(errorOf(() => created({ use_default_subnetpool: true })).message).toBe('Bad subnets request: No default subnetpool found for IPv4.');
  });

  it('refuses a prefixlen outside the pool bounds', () => {
    expect(errorOf(() => created({ subnetpool_id: 'pool1', prefixlen: 30 }, facts())).type).toBe('MaxPrefixSubnetAllocationError');
    expect(errorOf(() => created({ subnetpool_id: 'pool1', prefixlen: 8 }, facts())).type).toBe('MinPrefixSubnetAllocationError');
  });

  it('refuses a specific CIDR that is already taken or outside the pool', () => {
    expect(errorOf(() => created({ subnetpool_id: 'pool1', cidr: '10.10.0.0/24' }, facts({}, ['10.10.0.0/23']))).type).toBe('SubnetAllocationError');
    expect(errorOf(() => created({ subnetpool_id: 'pool1', cidr: '10.20.0.0/24' }, facts())).type).toBe('SubnetAllocationError');
    expect(created({ subnetpool_id: 'pool1', cidr: '10.10.5.0/24' }, facts()).cidr).toBe('10.10.5.0/24');
  });

  it('answers 409 when the pool has no room left', () => {
    const e = errorOf(() => created({ subnetpool_id: 'pool1' }, facts({}, ['10.10.0.0/16'])));
    expect(e).toMatchObject({ status: 409, type: 'SubnetAllocationError' });
    expect(e.message).toBe('Failed to allocate subnet: Insufficient prefix space to allocate subnet size /24.');
  });

  it("refuses a subnet beyond the project's default_quota", () => {
    expect(errorOf(() => created({ subnetpool_id: 'pool1' }, facts({ default_quota: 300 }, ['10.10.0.0/24']))).type).toBe('SubnetPoolQuotaExceeded');
  });

  it('refuses a pool of the other IP version and pools without a cidr', () => {
    expect(errorOf(() => created({ subnetpool_id: 'pool1', ip_version: 6 }, facts())).message).toContain('Cannot allocate IPv6 subnet from IPv4 subnet pool');
    expect(errorOf(() => created({ subnetpool_id: 'pool1', allocation_pools: [] }, facts())).message).toContain('allocation_pools allowed only for specific subnet requests');
  });

  it("treats another project's private pool as missing, and takes a shared one", () => {
    const other = { ...ctx, projectId: 'p2' };
    const createdBy = (who: RequestContext, attributes: Partial<SubnetCreateAttributes>, over: Partial<Subnetpool>) =>
      () => decideSubnet(create(attributes, { ...facts(over), network: { ...network, project_id: 'p2' } }), initialSubnetState(), who);
    expect(errorOf(createdBy(other, { subnetpool_id: 'pool1' }, {}))).toMatchObject({ status: 404, type: 'SubnetPoolNotFound' });
    expect(errorOf(createdBy(other, { use_default_subnetpool: true }, { is_default: true })).message).toBe('Bad subnets request: No default subnetpool found for IPv4.');
    expect(createdBy(other, { subnetpool_id: 'pool1' }, { shared: true })()).toHaveLength(1);
    expect(createdBy(admin, { subnetpool_id: 'pool1' }, {})()).toHaveLength(1);
  });

  it('keeps all subnets of one IP version on a network in the same pool', () => {
    const withSubnet = { ...network, subnets: [{ id: 's0', cidr: '10.99.0.0/24', ip_version: 4 as const, subnetpool_id: null }] };
    expect(errorOf(() => created({ subnetpool_id: 'pool1' }, { ...facts(), network: withSubnet })).type).toBe('NetworkSubnetPoolAffinityError');
  });
});

describe('subnet update', () => {
  const base = created({ cidr: '10.0.0.0/24' });
  const update = (changes: object, extra: object = {}): SubnetCommand => ({ type: 'update', id: 's1', now: LATER, changes, ...extra });
  const updated = (changes: object, extra: object = {}, from: Subnet = base) =>
    (decideSubnet(update(changes, extra), stateOf(from), ctx)[0]?.data as { subnet: Subnet } | undefined)?.subnet;

  it('bumps revision_number and updated_at on a change', () => {
    expect(updated({ name: 'web' })).toMatchObject({ name: 'web', revision_number: 2, updated_at: LATER, created_at: NOW });
  });

  it('emits nothing when the request changes nothing', () => {
    expect(decideSubnet(update({ name: '', enable_dhcp: true }), stateOf(base), ctx)).toEqual([]);
  });

  it('moves the gateway only outside the pools', () => {
    expect(errorOf(() => updated({ gateway_ip: '10.0.0.50' })).type).toBe('GatewayConflictWithAllocationPools');
    expect(updated({ gateway_ip: '10.0.0.50', allocation_pools: [{ start: '10.0.0.100', end: '10.0.0.200' }] }))
      .toMatchObject({ gateway_ip: '10.0.0.50', allocation_pools: [{ start: '10.0.0.100', end: '10.0.0.200' }] });
  });

  it('re-validates new pools against the current gateway', () => {
    expect(errorOf(() => updated({ allocation_pools: [{ start: '10.0.0.1', end: '10.0.0.9' }] })).status).toBe(409);
  });

  it('refuses to move a gateway that a router port holds', () => {
    const e = errorOf(() => updated({ gateway_ip: null }, { gatewayPortId: 'router-port' }));
    expect(e).toMatchObject({ status: 409, type: 'GatewayIpInUse' });
  });

  it('removes the gateway with null', () => {
    expect(updated({ gateway_ip: null })!.gateway_ip).toBeNull();
  });

  it('re-checks the prefix when DHCP is turned on', () => {
    const small = created({ cidr: '10.0.0.0/31', enable_dhcp: false, gateway_ip: null });
    expect(errorOf(() => updated({ enable_dhcp: true }, {}, small)).message).toContain('incompatible with DHCP');
  });

  it('refuses to turn DHCP off on a subnet with IPv6 modes', () => {
    const slaac = created({ ip_version: 6, cidr: '2001:db8::/64', ipv6_ra_mode: 'slaac', ipv6_address_mode: 'slaac' });
    expect(errorOf(() => updated({ enable_dhcp: false }, {}, slaac)).message).toContain('Cannot disable enable_dhcp with ipv6 attributes set');
  });

  it('answers 412 when If-Match names another revision', () => {
    expect(errorOf(() => updated({ name: 'x' }, { ifRevision: 7 })).status).toBe(412);
  });

  it('answers 404 SubnetNotFound for an unknown or deleted subnet', () => {
    expect(errorOf(() => decideSubnet(update({ name: 'x' }), initialSubnetState(), ctx))).toMatchObject({ status: 404, type: 'SubnetNotFound' });
    expect(errorOf(() => decideSubnet(update({ name: 'x' }), { subnet: base, deleted: true }, ctx)).status).toBe(404);
  });
});

describe('subnet tags and delete', () => {
  const base = created({ cidr: '10.0.0.0/24' });

  it('sets tags as an update with the full subnet', () => {
    const [e] = decideSubnet({ type: 'set_tags', id: 's1', now: LATER, tags: ['a', 'b', 'a'] }, stateOf(base), ctx);
    expect(e).toMatchObject({ type: 'ipam.subnet.updated', data: { subnet: { tags: ['a', 'b'], revision_number: 2 } } });
  });

  it('deletes a subnet whose only allocations are DHCP ports', () => {
    const [e] = decideSubnet({ type: 'delete', id: 's1', now: LATER, allocations: [{ port_id: 'd', device_owner: 'network:dhcp' }] }, stateOf(base), ctx);
    expect(e).toMatchObject({ type: 'ipam.subnet.deleted', data: { subnet: { id: 's1' } } });
  });

  it('answers 409 SubnetInUse while other ports hold addresses', () => {
    const e = errorOf(() => decideSubnet({ type: 'delete', id: 's1', now: LATER, allocations: [{ port_id: 'vm', device_owner: 'compute:nova' }] }, stateOf(base), ctx));
    expect(e).toMatchObject({ status: 409, type: 'SubnetInUse', message: 'Unable to complete operation on subnet s1: One or more ports have an IP allocation from this subnet.' });
  });

  it('lets a SLAAC subnet go with VM addresses on it, but not with a router interface', () => {
    const slaac = created({ ip_version: 6, cidr: '2001:db8::/64', ipv6_ra_mode: 'slaac', ipv6_address_mode: 'slaac' });
    const del = (owner: string): SubnetCommand => ({ type: 'delete', id: 's1', now: LATER, allocations: [{ port_id: 'p', device_owner: owner }] });
    expect(decideSubnet(del('compute:nova'), stateOf(slaac), ctx)).toHaveLength(1);
    expect(errorOf(() => decideSubnet(del('network:router_interface'), stateOf(slaac), ctx)).type).toBe('SubnetInUse');
  });

  it('names the ports that give their addresses up with the subnet: DHCP ports, and any non-router port on SLAAC', () => {
    const v4 = created({ cidr: '10.0.0.0/24' });
    expect(portsReleasedWithSubnet(v4, [{ port_id: 'd', device_owner: 'network:dhcp' }])).toEqual(['d']);
    const slaac = created({ ip_version: 6, cidr: '2001:db8::/64', ipv6_ra_mode: 'slaac', ipv6_address_mode: 'slaac' });
    expect(portsReleasedWithSubnet(slaac, [{ port_id: 'vm', device_owner: 'compute:nova' }, { port_id: 'r', device_owner: 'network:router_interface' }])).toEqual(['vm']);
  });

  it('folds its events back into state', () => {
    const events = decideSubnet(create({ cidr: '10.0.0.0/24' }), initialSubnetState(), ctx);
    let state = events.reduce(evolveSubnet, initialSubnetState());
    expect(state.subnet?.cidr).toBe('10.0.0.0/24');
    state = decideSubnet({ type: 'delete', id: 's1', now: LATER, allocations: [] }, state, ctx).reduce(evolveSubnet, state);
    expect(state.deleted).toBe(true);
  });
});

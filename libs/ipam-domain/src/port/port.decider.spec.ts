import { describe, expect, it } from '@jest/globals';
import type { Port, RequestContext } from '@muon/contracts';
import type { PortCommand, PortCreateAttributes, PortState, SubnetOfPort } from './port.commands.js';
import { decidePort, evolvePort, initialPortState } from './port.decider.js';

const NET = 'net-1';
const NOW = '2025-01-01T00:00:00Z';
const LATER = '2025-01-02T00:00:00Z';
const ctx: RequestContext = { userId: 'u', projectId: 'p1', roles: ['member'], isAdmin: false, requestId: 'r' };
const admin: RequestContext = { ...ctx, projectId: 'admin', isAdmin: true };
const subnet: SubnetOfPort = {
  id: 'sub-1', network_id: NET, cidr: '10.0.0.0/24', ip_version: 4, gateway_ip: '10.0.0.1',
  allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.254' }], ipv6_ra_mode: null, ipv6_address_mode: null, service_types: [],
};
const network = { id: NET, project_id: 'p1', shared: false, port_security_enabled: true, 'router:external': false };
const createCommand = (attributes: Partial<PortCreateAttributes> = {}, extra: Partial<Extract<PortCommand, { type: 'create' }>> = {}): PortCommand => ({
  type: 'create', id: 'port-1', now: NOW, network, subnets: [subnet],
  fixedIps: [{ subnet_id: 'sub-1', ip_address: '10.0.0.5' }], macAddress: 'fa:16:3e:aa:bb:cc', defaultSecurityGroupId: 'sg-default',
  attributes: { project_id: 'p1', network_id: NET, ...attributes }, ...extra,
});
const newPort = (attributes: Partial<PortCreateAttributes> = {}, extra = {}, who = ctx): Port =>
  (decidePort(createCommand(attributes, extra), initialPortState(), who)[0]!.data as { port: Port }).port;
const stateOf = (port: Port): PortState => ({ port, deleted: false });
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('port create', () => {
  it('creates a DOWN, unbound port in the Neutron shape with revision 1', () => {
    expect(newPort({ name: 'vm-port', device_owner: 'compute:nova', device_id: 'vm-1' })).toEqual({
      id: 'port-1', project_id: 'p1', tenant_id: 'p1', name: 'vm-port', description: '', network_id: NET, admin_state_up: true,
      mac_address: 'fa:16:3e:aa:bb:cc', fixed_ips: [{ subnet_id: 'sub-1', ip_address: '10.0.0.5' }], device_id: 'vm-1',
      device_owner: 'compute:nova', status: 'DOWN', security_groups: ['sg-default'], port_security_enabled: true,
      allowed_address_pairs: [], extra_dhcp_opts: [], 'binding:host_id': '', 'binding:vnic_type': 'normal', 'binding:profile': {},
      'binding:vif_type': 'unbound', 'binding:vif_details': {}, dns_name: '', propagate_uplink_status: false, tags: [],
      created_at: NOW, updated_at: NOW, revision_number: 1,
    });
  });

  it("inherits the network's port security", () => {
    const p = newPort({}, { network: { ...network, port_security_enabled: false } });
    expect(p).toMatchObject({ port_security_enabled: false, security_groups: [] });
  });

  it('refuses a reserved address that is not on the network', () => {
    expect(errorOf(() => newPort({}, { fixedIps: [{ subnet_id: 'other', ip_address: '10.0.0.5' }] })).status).toBe(400);
    expect(errorOf(() => newPort({}, { fixedIps: [{ subnet_id: 'sub-1', ip_address: '10.0.1.5' }] })).type).toBe('InvalidIpForSubnet');
  });

  it('refuses a broadcast, multicast or all-zero MAC', () => {
    expect(errorOf(() => newPort({}, { macAddress: 'ff:ff:ff:ff:ff:ff' })).status).toBe(400);
  });

  it("hides another project's private network and keeps specific addresses for its owner", () => {
    expect(errorOf(() => newPort({}, { network: { ...network, project_id: 'other' } })).type).toBe('NetworkNotFound');
    const shared = { ...network, project_id: 'other', shared: true };
    expect(newPort({}, { network: shared }).network_id).toBe(NET);
    expect(errorOf(() => newPort({ fixed_ips: [{ ip_address: '10.0.0.5' }] }, { network: shared })).status).toBe(403);
    expect(newPort({ fixed_ips: [{ ip_address: '10.0.0.5' }] }, { network: shared }, admin).fixed_ips).toHaveLength(1);
  });
});

describe('port update', () => {
  const base = newPort({ device_owner: 'compute:nova' });
  const update = (changes: object, extra: object = {}, who = ctx) =>
    decidePort({ type: 'update', id: 'port-1', now: LATER, changes, ...extra }, stateOf(base), who);

  it('bumps the revision and updated_at', () => {
    expect(update({ name: 'x' })[0]).toMatchObject({ type: 'ipam.port.updated', data: { port: { name: 'x', revision_number: 2, updated_at: LATER } } });
    expect(update({ name: '' })).toEqual([]);
  });

  it('lets only admins change the MAC, and not on a bound port', () => {
    expect(errorOf(() => update({ mac_address: 'fa:16:3e:00:00:09' })).status).toBe(403);
    expect(update({ mac_address: 'fa:16:3e:00:00:09' }, {}, admin)[0]).toMatchObject({ data: { port: { mac_address: 'fa:16:3e:00:00:09' } } });
    const bound = { ...base, 'binding:vif_type': 'ovs' };
    const e = errorOf(() => decidePort({ type: 'update', id: 'port-1', now: LATER, changes: { mac_address: 'fa:16:3e:00:00:09' } }, stateOf(bound), admin));
    expect(e).toMatchObject({ status: 409, type: 'PortBound' });
  });

  it('records the new reserved addresses when fixed_ips change', () => {
    const [e] = update({ fixed_ips: [{ ip_address: '10.0.0.9' }] }, { subnets: [subnet], fixedIps: [{ subnet_id: 'sub-1', ip_address: '10.0.0.9' }] });
    expect(e).toMatchObject({ data: { port: { fixed_ips: [{ subnet_id: 'sub-1', ip_address: '10.0.0.9' }] } } });
  });

  it('refuses to disable port security while security groups remain', () => {
    expect(errorOf(() => update({ port_security_enabled: false })).type).toBe('PortSecurityPortHasSecurityGroup');
    expect(update({ port_security_enabled: false, security_groups: [] })[0]).toMatchObject({ data: { port: { port_security_enabled: false, security_groups: [] } } });
  });

  it('asks for a new binding when the host changes', () => {
    const bound = { ...base, 'binding:host_id': 'h1', 'binding:vif_type': 'ovs', 'binding:vif_details': { port_filter: true } };
    const [e] = decidePort({ type: 'update', id: 'port-1', now: LATER, changes: { 'binding:host_id': 'h2' } }, stateOf(bound), admin);
    expect(e).toMatchObject({ data: { port: { 'binding:host_id': 'h2', 'binding:vif_type': 'unbound', 'binding:vif_details': {} } } });
  });
});

describe('port status, binding, tags and delete', () => {
  const base = newPort({ device_owner: 'compute:nova' });

  it('reports a status change with the previous status', () => {
    const [e] = decidePort({ type: 'set_status', id: 'port-1', now: LATER, status: 'ACTIVE' }, stateOf(base), ctx);
    expect(e).toMatchObject({ type: 'ipam.port.status_changed', data: { previous_status: 'DOWN', port: { status: 'ACTIVE', revision_number: 2 } } });
    expect(decidePort({ type: 'set_status', id: 'port-1', now: LATER, status: 'DOWN' }, stateOf(base), ctx)).toEqual([]);
  });

  it('takes the agent\'s binding with its status report: one status_changed event, or an update when only the binding moved', () => {
    const binding = { 'binding:vif_type': 'ovs', 'binding:vif_details': { bridge_name: 'br-int' } };
    const [e] = decidePort({ type: 'set_status', id: 'port-1', now: LATER, status: 'ACTIVE', binding }, stateOf(base), ctx);
    expect(e).toMatchObject({ type: 'ipam.port.status_changed', data: { previous_status: 'DOWN', port: { status: 'ACTIVE', 'binding:vif_type': 'ovs' } } });
    const [u] = decidePort({ type: 'set_status', id: 'port-1', now: LATER, status: 'DOWN', binding }, stateOf(base), ctx);
    expect(u).toMatchObject({ type: 'ipam.port.updated', data: { port: { status: 'DOWN', 'binding:vif_type': 'ovs' } } });
  });

  it('records a binding as an update', () => {
    const [e] = decidePort({ type: 'set_binding', id: 'port-1', now: LATER, binding: { 'binding:host_id': 'h1', 'binding:vif_type': 'ovs', 'binding:vif_details': { port_filter: true } } }, stateOf(base), admin);
    expect(e).toMatchObject({ type: 'ipam.port.updated', data: { port: { 'binding:host_id': 'h1', 'binding:vif_type': 'ovs' } } });
  });

  it('sets tags', () => {
    expect(decidePort({ type: 'set_tags', id: 'port-1', now: LATER, tags: ['x'] }, stateOf(base), ctx)[0]).toMatchObject({ data: { port: { tags: ['x'] } } });
  });

  it('deletes a port and keeps router ports for the L3 service', () => {
    expect(decidePort({ type: 'delete', id: 'port-1', now: LATER }, stateOf(base), ctx)).toMatchObject([{ type: 'ipam.port.deleted' }]);
    const routerPort = { ...base, device_owner: 'network:router_interface' };
    expect(errorOf(() => decidePort({ type: 'delete', id: 'port-1', now: LATER }, stateOf(routerPort), ctx))).toMatchObject({ status: 409, type: 'ServicePortInUse' });
    expect(decidePort({ type: 'delete', id: 'port-1', now: LATER, byOwningService: true }, stateOf(routerPort), ctx)).toHaveLength(1);
  });

  it('folds create, status and delete back into state, then answers 404', () => {
    let state = decidePort(createCommand(), initialPortState(), ctx).reduce(evolvePort, initialPortState());
    state = decidePort({ type: 'set_status', id: 'port-1', now: LATER, status: 'ACTIVE' }, state, ctx).reduce(evolvePort, state);
    expect(state.port?.status).toBe('ACTIVE');
    state = decidePort({ type: 'delete', id: 'port-1', now: LATER }, state, ctx).reduce(evolvePort, state);
    expect(errorOf(() => decidePort({ type: 'set_status', id: 'port-1', now: LATER, status: 'DOWN' }, state, ctx))).toMatchObject({ status: 404, type: 'PortNotFound' });
  });
});

describe('port losing a subnet', () => {
  it('gives up its addresses on a deleted subnet, bumping the revision', () => {
    const base = newPort({}, { subnets: [subnet, { ...subnet, id: 'sub-2', cidr: '10.0.1.0/24' }],
      fixedIps: [{ subnet_id: 'sub-1', ip_address: '10.0.0.5' }, { subnet_id: 'sub-2', ip_address: '10.0.1.5' }] });
    const [e] = decidePort({ type: 'release_subnet', id: 'port-1', now: LATER, subnetId: 'sub-1' }, stateOf(base), ctx);
    expect(e).toMatchObject({ type: 'ipam.port.updated', data: { port: { fixed_ips: [{ subnet_id: 'sub-2', ip_address: '10.0.1.5' }], revision_number: 2 } } });
    expect(decidePort({ type: 'release_subnet', id: 'port-1', now: LATER, subnetId: 'sub-9' }, stateOf(base), ctx)).toEqual([]);
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Network, RequestContext } from '@muon/contracts';
import type { NetworkCommand, NetworkState } from './network.commands.js';
import { decideNetwork, evolveNetwork, initialNetworkState } from './network.decider.js';

const ctx: RequestContext = { userId: 'u', projectId: 'p1', roles: ['member'], isAdmin: false, requestId: 'r' };
const NOW = '2025-01-01T00:00:00Z';
const LATER = '2025-01-02T00:00:00Z';
const vxlan = { network_type: 'vxlan' as const, physical_network: null, segmentation_id: 1001 };
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string; detail: string }; }
  throw new Error('expected an error');
};
const createCommand = (attributes: object = {}, extra: object = {}): NetworkCommand =>
  ({ type: 'create', id: 'n1', now: NOW, attributes: { project_id: 'p1', ...attributes }, segment: vxlan, ...extra }) as NetworkCommand;
const network = (attributes: object = {}, extra: object = {}): Network =>
  (decideNetwork(createCommand(attributes, extra), initialNetworkState(), ctx)[0]!.data as { network: Network }).network;
const stateOf = (n: Network): NetworkState => ({ network: n, deleted: false });
const after = (command: NetworkCommand, from: Network) => decideNetwork(command, stateOf(from), ctx);

describe('network create', () => {
  it('creates an ACTIVE network in the Neutron shape with revision 1', () => {
    expect(network({ name: 'net1' })).toEqual({
      id: 'n1', project_id: 'p1', tenant_id: 'p1', name: 'net1', description: '', admin_state_up: true, status: 'ACTIVE',
      subnets: [], shared: false, 'router:external': false, mtu: 1450, port_security_enabled: true,
      'provider:network_type': 'vxlan', 'provider:physical_network': null, 'provider:segmentation_id': 1001,
      availability_zone_hints: [], availability_zones: [], is_default: false, tags: [],
      created_at: NOW, updated_at: NOW, revision_number: 1,
    });
  });

  it('defaults the MTU to 1500 on flat and VLAN networks', () => {
    expect(network({}, { segment: { network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 100 } }).mtu).toBe(1500);
    expect(network({}, { segment: { network_type: 'flat', physical_network: 'public', segmentation_id: null }, globalPhysnetMtu: 9000 }).mtu).toBe(9000);
  });

  it('accepts a smaller MTU and refuses one above what the segment carries', () => {
    expect(network({ mtu: 1400 }).mtu).toBe(1400);
    expect(errorOf(() => network({ mtu: 1500 })).message).toBe('Invalid input for operation: Requested MTU is too big, maximum is 1450.');
  });

  it('emits an event with the project and the full network', () => {
    expect(decideNetwork(createCommand(), initialNetworkState(), ctx)[0]).toMatchObject({ type: 'ipam.network.created', version: 1, projectId: 'p1' });
  });

  it('refuses to record a segment that is not the one requested', () => {
    expect(() => network({ 'provider:network_type': 'vlan' })).toThrow(/does not match/);
  });
});

describe('network update', () => {
  const base = network();

  it('changes attributes and bumps the revision', () => {
    const [e] = after({ type: 'update', id: 'n1', now: LATER, changes: { name: 'x', admin_state_up: false } }, base);
    expect(e).toMatchObject({ type: 'ipam.network.updated', data: { network: { name: 'x', admin_state_up: false, revision_number: 2, updated_at: LATER } } });
  });

  it('emits nothing for a request that changes nothing', () => {
    expect(after({ type: 'update', id: 'n1', now: LATER, changes: { name: '', shared: false } }, base)).toEqual([]);
  });

  it('refuses changes to provider attributes', () => {
    expect(errorOf(() => after({ type: 'update', id: 'n1', now: LATER, changes: { 'provider:segmentation_id': 7 } }, base)).type).toBe('InvalidInput');
  });

  it('refuses to unshare a network other projects use', () => {
    const shared = network({ shared: true });
    const e = errorOf(() => after({ type: 'update', id: 'n1', now: LATER, changes: { shared: false }, otherProjectsInUse: true }, shared));
    expect(e).toMatchObject({ status: 409, type: 'InvalidSharedSetting' });
  });

  it('refuses to make an external network internal while routers use it as gateway', () => {
    const ext = network({ 'router:external': true });
    expect(errorOf(() => after({ type: 'update', id: 'n1', now: LATER, changes: { 'router:external': false }, hasGatewayPorts: true }, ext)).status).toBe(409);
  });

  it('answers 412 on a stale If-Match revision', () => {
    expect(errorOf(() => after({ type: 'update', id: 'n1', now: LATER, ifRevision: 3, changes: { name: 'x' } }, base)).status).toBe(412);
  });

  it('records subnets added and removed, bumping the revision as Neutron does', () => {
    let state = stateOf(base);
    state = decideNetwork({ type: 'add_subnet', id: 'n1', now: LATER, subnetId: 's1' }, state, ctx).reduce(evolveNetwork, state);
    expect(state.network).toMatchObject({ subnets: ['s1'], revision_number: 2 });
    expect(decideNetwork({ type: 'add_subnet', id: 'n1', now: LATER, subnetId: 's1' }, state, ctx)).toEqual([]);
    state = decideNetwork({ type: 'remove_subnet', id: 'n1', now: LATER, subnetId: 's1' }, state, ctx).reduce(evolveNetwork, state);
    expect(state.network).toMatchObject({ subnets: [], revision_number: 3 });
  });

  it('sets tags', () => {
    expect(after({ type: 'set_tags', id: 'n1', now: LATER, tags: ['red'] }, base)[0]).toMatchObject({ data: { network: { tags: ['red'] } } });
  });
});

describe('network delete', () => {
  const base = network();

  it('deletes a network that only DHCP ports use', () => {
    const events = after({ type: 'delete', id: 'n1', now: LATER, ports: [{ id: 'd', device_owner: 'network:dhcp' }] }, base);
    expect(events).toMatchObject([{ type: 'ipam.network.deleted', data: { network: { id: 'n1' } } }]);
    expect(events.reduce(evolveNetwork, stateOf(base)).deleted).toBe(true);
  });

  it('answers 409 NetworkInUse while other ports exist', () => {
    const e = errorOf(() => after({ type: 'delete', id: 'n1', now: LATER, ports: [{ id: 'vm1', device_owner: 'compute:nova' }] }, base));
    expect(e).toMatchObject({ status: 409, type: 'NetworkInUse', detail: 'ports in use: vm1' });
    expect(e.message).toBe('Unable to complete operation on network n1. There are one or more ports still in use on the network.');
  });

  it('answers 404 NetworkNotFound once deleted', () => {
    expect(errorOf(() => decideNetwork({ type: 'delete', id: 'n1', now: LATER, ports: [] }, { network: base, deleted: true }, ctx)))
      .toMatchObject({ status: 404, type: 'NetworkNotFound', message: 'Network n1 could not be found.' });
  });
});

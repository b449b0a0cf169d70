import { describe, expect, it } from '@jest/globals';
import type { ExternalGatewayInfo, Router, RouterEvent, RouterInterface } from '@muon/contracts';
import type { RouterCommand } from './router.commands.js';
import { decideRouter } from './router.decider.js';

const NOW = '2025-01-01T00:00:00Z';
const LATER = '2025-01-02T00:00:00Z';
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

const created = (attributes: Partial<Extract<RouterCommand, { type: 'create' }>['attributes']> = {}): Router =>
  (decideRouter({
    type: 'create', id: 'r1', now: NOW,
    attributes: { project_id: 'p1', name: 'r1', description: '', admin_state_up: true, availability_zone_hints: [], ...attributes },
  }, { router: null })[0]!.data as { router: Router }).router;
const decide = (command: RouterCommand, router: Router | null = created()) => decideRouter(command, { router });
const routerOf = (events: RouterEvent[]) => (events[events.length - 1]!.data as { router: Router }).router;

const gateway: ExternalGatewayInfo = { network_id: 'ext', enable_snat: true, external_fixed_ips: [{ subnet_id: 'ext-sub', ip_address: '203.0.113.10' }] };
const iface: RouterInterface = { port_id: 'port-1', network_id: 'net-1', subnet_ids: ['sub-1'], cidrs: ['10.0.0.0/24'] };

describe('router create', () => {
  it('creates an ACTIVE, centralized, non-HA router without gateway or routes, at revision 1', () => {
    expect(created({ availability_zone_hints: ['az1'] })).toEqual({
      id: 'r1', project_id: 'p1', tenant_id: 'p1', name: 'r1', description: '', tags: [], created_at: NOW, updated_at: NOW, revision_number: 1,
      admin_state_up: true, status: 'ACTIVE', external_gateway_info: null, routes: [], distributed: false, ha: false,
      availability_zone_hints: ['az1'], availability_zones: [],
    });
  });

  it('emits l3.router.created carrying the project', () => {
    const [e] = decide({ type: 'create', id: 'r2', now: NOW, attributes: { project_id: 'p2', name: '', description: '', admin_state_up: false, availability_zone_hints: [] } }, null);
    expect(e).toMatchObject({ type: 'l3.router.created', version: 1, projectId: 'p2', data: { router: { id: 'r2', admin_state_up: false } } });
  });

  it('answers 404 RouterNotFound for any other command on a router that does not exist', () => {
    expect(errorOf(() => decide({ type: 'update', id: 'gone', now: LATER, changes: { name: 'x' } }, null))).toMatchObject({ status: 404, type: 'RouterNotFound' });
    expect(errorOf(() => decide({ type: 'delete', id: 'gone', now: LATER, interfaceCount: 0 }, null)).type).toBe('RouterNotFound');
  });
});

describe('router update', () => {
  it('changes the given attributes, bumps the revision and moves updated_at', () => {
    const router = routerOf(decide({ type: 'update', id: 'r1', now: LATER, changes: { name: 'renamed', admin_state_up: false } }));
    expect(router).toMatchObject({ name: 'renamed', admin_state_up: false, description: '', revision_number: 2, updated_at: LATER, created_at: NOW });
  });

  it('ignores attributes left undefined and emits nothing when nothing changes', () => {
    expect(decide({ type: 'update', id: 'r1', now: LATER, changes: { name: 'r1', description: undefined, routes: [] } })).toEqual([]);
  });

  it('stores routes as given (the owner validated them)', () => {
    const routes = [{ destination: '192.168.0.0/24', nexthop: '10.0.0.5' }];
    expect(routerOf(decide({ type: 'update', id: 'r1', now: LATER, changes: { routes } })).routes).toEqual(routes);
  });

  it('answers 412 on a stale If-Match revision, even for a change of nothing', () => {
    expect(errorOf(() => decide({ type: 'update', id: 'r1', now: LATER, ifRevision: 2, changes: { name: 'x' } }))).toMatchObject({ status: 412, type: 'RevisionNumberConstraintFailed' });
    expect(errorOf(() => decide({ type: 'update', id: 'r1', now: LATER, ifRevision: 0, changes: {} })).status).toBe(412);
    expect(decide({ type: 'update', id: 'r1', now: LATER, ifRevision: 1, changes: { name: 'x' } })).toHaveLength(1);
  });
});

describe('router gateway', () => {
  it('records a new gateway with its port and bumps the revision', () => {
    const [e] = decide({ type: 'set_gateway', id: 'r1', now: LATER, gateway, gatewayPortId: 'gw-port' });
    expect(e).toMatchObject({ type: 'l3.router.gateway_port_set', data: { gateway_port_id: 'gw-port', router: { external_gateway_info: gateway, revision_number: 2, updated_at: LATER } } });
  });

  it('records an unchanged gateway without a new revision (the port is still named)', () => {
    const withGateway = routerOf(decide({ type: 'set_gateway', id: 'r1', now: NOW, gateway, gatewayPortId: 'gw-port' }));
    const [e] = decide({ type: 'set_gateway', id: 'r1', now: LATER, gateway: { ...gateway }, gatewayPortId: 'gw-port' }, withGateway);
    expect(e!.data).toEqual({ router: withGateway, gateway_port_id: 'gw-port' });
  });

  it('clears the gateway (null) and its port', () => {
    const withGateway = routerOf(decide({ type: 'set_gateway', id: 'r1', now: NOW, gateway, gatewayPortId: 'gw-port' }));
    const [e] = decide({ type: 'set_gateway', id: 'r1', now: LATER, gateway: null, gatewayPortId: null }, withGateway);
    expect(e).toMatchObject({ data: { gateway_port_id: null, router: { external_gateway_info: null, revision_number: 3 } } });
  });

  it('answers 412 on a stale If-Match revision before anything is recorded', () => {
    expect(errorOf(() => decide({ type: 'set_gateway', id: 'r1', now: LATER, ifRevision: 7, gateway, gatewayPortId: 'gw-port' })).status).toBe(412);
    expect(decide({ type: 'set_gateway', id: 'r1', now: LATER, ifRevision: 1, gateway, gatewayPortId: 'gw-port' })).toHaveLength(1);
  });
});

describe('router interfaces', () => {
  it('records an added interface beside the router and bumps its revision', () => {
    const [e] = decide({ type: 'add_interface', id: 'r1', now: LATER, interface: iface });
    expect(e).toMatchObject({ type: 'l3.router.interface_added', data: { interface: iface, router: { revision_number: 2, updated_at: LATER } } });
  });

  it('records a removed interface the same way', () => {
    const [e] = decide({ type: 'remove_interface', id: 'r1', now: LATER, interface: iface });
    expect(e).toMatchObject({ type: 'l3.router.interface_removed', data: { interface: iface, router: { revision_number: 2 } } });
  });
});

describe('router scheduling', () => {
  it('records the agent and host it moves to, with the availability zone, without a new revision', () => {
    const [e] = decide({ type: 'schedule', id: 'r1', now: LATER, agentId: 'a1', host: 'h1', previousHost: null, availabilityZone: 'nova' });
    expect(e).toMatchObject({
      type: 'l3.router.scheduled',
      data: { agent_id: 'a1', host: 'h1', previous_host: null, router: { availability_zones: ['nova'], revision_number: 1, updated_at: NOW } },
    });
  });

  it('records being taken off an agent (host null) and clears the zones', () => {
    const [e] = decide({ type: 'schedule', id: 'r1', now: LATER, agentId: null, host: null, previousHost: 'h1', availabilityZone: null });
    expect(e).toMatchObject({ data: { agent_id: null, host: null, previous_host: 'h1', router: { availability_zones: [] } } });
  });

  it('emits nothing when the router stays on its host', () => {
    expect(decide({ type: 'schedule', id: 'r1', now: LATER, agentId: 'a1', host: 'h1', previousHost: 'h1', availabilityZone: 'nova' })).toEqual([]);
  });
});

describe('router tags', () => {
  it('replaces the tags (duplicates folded, order kept) and bumps the revision', () => {
    const router = routerOf(decide({ type: 'set_tags', id: 'r1', now: LATER, tags: ['b', 'a', 'b'] }));
    expect(router).toMatchObject({ tags: ['b', 'a'], revision_number: 2 });
  });

  it('emits nothing for the same tags, refuses invalid ones, and checks If-Match', () => {
    const tagged = routerOf(decide({ type: 'set_tags', id: 'r1', now: LATER, tags: ['a'] }));
    expect(decide({ type: 'set_tags', id: 'r1', now: LATER, tags: ['a'] }, tagged)).toEqual([]);
    expect(errorOf(() => decide({ type: 'set_tags', id: 'r1', now: LATER, tags: ['a,b'] })).status).toBe(400);
    expect(errorOf(() => decide({ type: 'set_tags', id: 'r1', now: LATER, ifRevision: 1, tags: ['b'] }, tagged)).status).toBe(412);
  });
});

describe('router delete', () => {
  it('deletes a router without interfaces (a gateway does not count)', () => {
    const withGateway = routerOf(decide({ type: 'set_gateway', id: 'r1', now: NOW, gateway, gatewayPortId: 'gw-port' }));
    expect(decide({ type: 'delete', id: 'r1', now: LATER, interfaceCount: 0 }, withGateway)).toEqual([
      { type: 'l3.router.deleted', version: 1, projectId: 'p1', data: { router: withGateway } },
    ]);
  });

  it('answers 409 RouterInUse while the router has interfaces', () => {
    expect(errorOf(() => decide({ type: 'delete', id: 'r1', now: LATER, interfaceCount: 2 }))).toMatchObject({
      status: 409, type: 'RouterInUse', message: 'Router r1 still has ports',
    });
  });

  it('checks If-Match before anything else', () => {
    expect(errorOf(() => decide({ type: 'delete', id: 'r1', now: LATER, ifRevision: 5, interfaceCount: 2 })).status).toBe(412);
  });
});

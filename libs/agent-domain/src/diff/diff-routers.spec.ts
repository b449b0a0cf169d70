import { describe, expect, it } from '@jest/globals';
import { convergedActual } from '../../test/host-fixtures.js';
import { QG_NAME, QR_NAME, ROUTER_NS, router, routerScenario } from '../../test/router-fixtures.js';
import { emptyActualHost, type ActualHost } from '../actual/actual-host.js';
import { desiredHostState } from '../desired/desired-host.js';
import { existingLocalVlans } from '../desired/local-vlans.js';
import type { HostInputs } from '../inputs/host-inputs.js';
import { ownedNamespacePrefixes } from '../owned-namespaces.js';
import { diffHost } from './diff-host.js';
import type { HostOperation } from './host-operations.js';

const diff = (inputs: HostInputs, actual: ActualHost) =>
  diffHost(desiredHostState(inputs, existingLocalVlans(actual.ovs, 'br-int')), actual, ownedNamespacePrefixes(inputs.config));
const kinds = (ops: HostOperation[]) => ops.map((o) => o.kind);
const clone = <T>(x: T): T => structuredClone(x);
const routerNs = (actual: ActualHost) => actual.namespaces.find((n) => n.name === ROUTER_NS)!;
const routerState = (actual: ActualHost) => actual.routers.find((r) => r.namespace === ROUTER_NS)!;

describe('diff of routers', () => {
  const inputs = routerScenario();
  const desired = desiredHostState(inputs);
  const converged = convergedActual(desired);

  it('builds a router from nothing: namespace, legs, NAT before forwarding, routes, then the OVS ports', () => {
    const ops = diff(inputs, emptyActualHost()).filter((o) => ('namespace' in o && o.namespace === ROUTER_NS) || o.kind === 'port.create');
    expect(kinds(ops)).toEqual([
      'namespace.create', 'veth.create', 'veth.create', 'addresses.set', 'addresses.set',
      'router.nat', 'router.forwarding', 'router.routes',
      'port.create', 'port.create', 'port.create', 'port.create', 'port.create', 'port.create', 'port.create',
    ]);
    expect(ops[1]).toEqual({ kind: 'veth.create', hostLink: QR_NAME, namespace: ROUTER_NS, namespaceLink: QR_NAME, mac: 'fa:16:3e:00:00:01', mtu: 1450 });
    expect(ops[7]).toEqual({ kind: 'router.routes', namespace: ROUTER_NS, routes: [{ destination: '0.0.0.0/0', nexthop: '203.0.113.129' }] });
    const created = ops.filter((o) => o.kind === 'port.create').map((o) => (o as Extract<HostOperation, { kind: 'port.create' }>).port);
    expect(created.map((p) => `${p.bridge}/${p.name}`)).toEqual(expect.arrayContaining([`br-int/${QR_NAME}`, `br-ex/${QG_NAME}`]));
  });

  it('is empty over a host where the router is in place', () => {
    expect(diff(inputs, converged)).toEqual([]);
  });

  it('rewrites only the nat table when a rule was deleted by hand', () => {
    const actual = clone(converged);
    routerState(actual).nat = routerState(actual).nat!.replace(/-A neutron-l3-agent-PREROUTING .*\n/, '');
    expect(diff(inputs, actual)).toEqual([{ kind: 'router.nat', namespace: ROUTER_NS, rules: desired.routers[0]!.nat }]);
  });

  it('turns forwarding back on, and puts back a default route deleted by hand', () => {
    const actual = clone(converged);
    routerState(actual).forwarding = false;
    routerState(actual).routes = [{ destination: '10.0.0.0/8', nexthop: undefined }];
    expect(kinds(diff(inputs, actual))).toEqual(['router.forwarding', 'router.routes']);
  });

  it('recreates a qr- leg deleted inside the namespace: veth, addresses, OVS port, and the routes that went with it', () => {
    const actual = clone(converged);
    routerNs(actual).links = routerNs(actual).links.filter((l) => l.name !== QR_NAME);
    actual.hostLinks = actual.hostLinks.filter((l) => l !== QR_NAME); // the peer dies with it
    const ops = diff(inputs, actual);
    expect(kinds(ops)).toEqual(['port.delete', 'veth.create', 'addresses.set', 'router.routes', 'port.create']);
    expect(ops[0]).toMatchObject({ bridge: 'br-int', name: QR_NAME, reason: 'its link is recreated' });
  });

  it('moves a floating IP off the gateway and out of the nat table when it is disassociated', () => {
    const ops = diff(routerScenario({ routers: [router({ floatingips: [] })] }), converged);
    expect(kinds(ops)).toEqual(['addresses.set', 'router.nat']);
    expect(ops[0]).toMatchObject({ link: QG_NAME, addresses: ['203.0.113.130/25'] });
    expect((ops[1] as Extract<HostOperation, { kind: 'router.nat' }>).rules).not.toContain('203.0.113.140');
  });

  it('removes a link nothing wants from the namespace (an interface removed from the router)', () => {
    const ops = diff(routerScenario({ routers: [router({ interface_port_ids: [] })] }), converged);
    expect(kinds(ops)).toEqual(['port.delete', 'link.delete', 'router.nat']);
    expect(ops[1]).toEqual({ kind: 'link.delete', namespace: ROUTER_NS, link: QR_NAME });
  });

  it('tears a router down when it leaves the host: its OVS ports and its namespace', () => {
    const ops = diff(routerScenario({ routers: [] }), converged);
    expect(ops).toEqual([
      { kind: 'port.delete', bridge: 'br-int', name: QR_NAME, reason: 'no longer needed' },
      { kind: 'port.delete', bridge: 'br-ex', name: QG_NAME, reason: 'no longer needed' },
      { kind: 'namespace.delete', namespace: ROUTER_NS },
    ]);
  });

  it('restores a qrouter namespace deleted by hand with everything in it', () => {
    const actual = clone(converged);
    actual.namespaces = actual.namespaces.filter((n) => n.name !== ROUTER_NS);
    actual.routers = [];
    expect(kinds(diff(inputs, actual))).toEqual([
      'port.delete', 'port.delete', 'namespace.create', 'veth.create', 'veth.create', 'addresses.set', 'addresses.set',
      'router.nat', 'router.forwarding', 'router.routes', 'port.create', 'port.create',
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import {
  convergedActual, flowsAfterVswitchdRestart, port, scenario, subnet, NET_A, SUBNET_A, SUBNET_B, VM1, VM3,
} from '../../test/host-fixtures.js';
import { emptyActualHost, type ActualHost } from '../actual/actual-host.js';
import { desiredHostState } from '../desired/desired-host.js';
import { existingLocalVlans } from '../desired/local-vlans.js';
import type { HostInputs } from '../inputs/host-inputs.js';
import { qvoName } from '../names/neutron-names.js';
import { ownedNamespacePrefixes } from '../owned-namespaces.js';
import { diffHost } from './diff-host.js';
import type { HostOperation } from './host-operations.js';

const diff = (inputs: HostInputs, actual: ActualHost) =>
  diffHost(desiredHostState(inputs, existingLocalVlans(actual.ovs, 'br-int')), actual, ownedNamespacePrefixes(inputs.config));
const kinds = (ops: HostOperation[]) => ops.map((o) => o.kind);
const clone = <T>(x: T): T => structuredClone(x);
const NS = `t-qdhcp-${NET_A}`;
const TAP = 'tapdddddddd-aa';

describe('diff(desired, actual)', () => {
  const inputs = scenario();
  const desired = desiredHostState(inputs);
  const converged = convergedActual(desired);

  it('builds a bare host in a safe order: namespace and leg, bridges and ports, dnsmasq, flows', () => {
    const ops = diff(inputs, emptyActualHost());
    expect(kinds(ops)).toEqual([
      'namespace.create', 'veth.create', 'addresses.set',
      'bridge.create', 'bridge.create', 'port.create', 'port.create', 'port.create',
      'dhcp.files', 'dhcp.start', 'flows.replace', 'flows.replace',
    ]);
    expect(ops[1]).toEqual({ kind: 'veth.create', hostLink: TAP, namespace: NS, namespaceLink: 'ns-dddddddd-aa', mac: 'fa:16:3e:00:00:02', mtu: 1450 });
    expect(ops[9]).toMatchObject({ kind: 'dhcp.start', reason: 'not running' });
  });

  it('is empty when everything is in place: a second pass, or a restarted agent, changes nothing', () => {
    expect(diff(inputs, converged)).toEqual([]);
  });

  it('tags a VM interface plugged on br-int once its port is bound here (the plug may come first)', () => {
    const actual = clone(converged);
    const vm1 = actual.ovs.bridges[0]!.ports.find((p) => p.name === qvoName(VM1))!;
    vm1.tag = undefined;
    vm1.otherConfig = {};
    const ops = diff(inputs, actual);
    expect(ops).toEqual([{ kind: 'port.update', name: qvoName(VM1), tag: 1, protected: false, otherConfig: { net_uuid: NET_A, network_type: 'vxlan', segmentation_id: '1001' }, externalIds: {} }]);
  });

  it('puts an interface whose port is not bound here in the dead VLAN, protected, without touching the flow tables', () => {
    const actual = clone(converged);
    const stranger = { name: 'qvostranger', tag: undefined, externalIds: {}, otherConfig: {},
      interfaces: [{ name: 'qvostranger', type: '', options: {}, externalIds: { 'iface-id': 'not-bound-here' }, ofport: 42, error: undefined }] };
    actual.ovs.bridges[0]!.ports.push(stranger);
    const ops = diff(inputs, actual);
    expect(ops).toEqual([expect.objectContaining({ kind: 'port.update', name: 'qvostranger', tag: 4095, protected: true })]);
  });

  it('leaves alone a br-int port with no iface-id that the agent did not create', () => {
    const actual = clone(converged);
    actual.ovs.bridges[0]!.ports.push({ name: 'operator0', tag: undefined, externalIds: {}, otherConfig: {}, interfaces: [{ name: 'operator0', type: 'internal', options: {}, externalIds: {}, ofport: 50, error: undefined }] });
    expect(diff(inputs, actual)).toEqual([]);
  });

  it('re-adds only the OVS port of the DHCP leg when it was deleted by hand', () => {
    const actual = clone(converged);
    actual.ovs.bridges[0]!.ports = actual.ovs.bridges[0]!.ports.filter((p) => p.name !== TAP);
    const ops = diff(inputs, actual);
    // br-int's flows do not name the leg, so nothing else changes.
    expect(kinds(ops)).toEqual(['port.create']);
  });

  it('restores a qdhcp namespace deleted by hand: new namespace and leg, new OVS port, dnsmasq restarted inside it', () => {
    // `ip netns del` while dnsmasq runs: the old namespace lives on with dnsmasq and the veth in it.
    const actual = clone(converged);
    actual.namespaces = [];
    const ops = diff(inputs, actual);
    expect(kinds(ops)).toEqual(['port.delete', 'namespace.create', 'veth.create', 'addresses.set', 'port.create', 'dhcp.start']);
    expect(ops[0]).toMatchObject({ name: TAP, reason: 'its link is recreated' });
    expect(ops[5]).toMatchObject({ kind: 'dhcp.start', reason: 'its namespace was replaced' });
  });

  it('restarts only dnsmasq when it died', () => {
    const actual = clone(converged);
    actual.dhcp[0] = { ...actual.dhcp[0]!, pid: undefined, args: undefined, netnsId: undefined };
    expect(kinds(diff(inputs, actual))).toEqual(['dhcp.start']);
  });

  it('reloads dnsmasq with SIGHUP (no restart) when a port joins the network', () => {
    const more = scenario();
    more.ports.push(port(VM3, NET_A, 'hostB', 'fa:16:3e:00:00:13', [[SUBNET_A, '203.0.113.13']]));
    const ops = diff(more, converged);
    expect(kinds(ops)).toEqual(['port.create', 'dhcp.files', 'dhcp.reload']);
    expect(ops[0]).toMatchObject({ kind: 'port.create', port: { name: 'vxlan-c6336402' } });
    expect((ops[1] as Extract<HostOperation, { kind: 'dhcp.files' }>).files.hosts).toContain('fa:16:3e:00:00:13,host-203-0-113-13.openstacklocal,203.0.113.13');
  });

  it('pushes the tunnel flows in the pass after vswitchd numbered the new tunnel port', () => {
    const more = scenario();
    more.ports.push(port(VM3, NET_A, 'hostB', 'fa:16:3e:00:00:13', [[SUBNET_A, '203.0.113.13']]));
    const actual = clone(converged);
    actual.dhcp[0]!.files = desiredHostState(more).dhcpServers[0]!.files;
    actual.ovs.bridges[1]!.ports.push({ name: 'vxlan-c6336402', tag: undefined, externalIds: { 'muon-owner': 'agent' }, otherConfig: {},
      interfaces: [{ name: 'vxlan-c6336402', type: 'vxlan', options: { key: 'flow', local_ip: '198.51.100.1', remote_ip: '198.51.100.2' }, externalIds: {}, ofport: 7, error: undefined }] });
    const ops = diff(more, actual);
    expect(kinds(ops)).toEqual(['flows.replace']);
    expect((ops[0] as Extract<HostOperation, { kind: 'flows.replace' }>).flows.some((f) => f.endsWith('set_tunnel:1001,output:7'))).toBe(true);
  });

  it('restarts dnsmasq when a DHCP subnet is added (its ranges are arguments) and adds the leg address', () => {
    const more = scenario();
    more.subnets.push(subnet(SUBNET_B, NET_A, '203.0.113.64/26'));
    more.ports[0]!.fixed_ips.push({ subnet_id: SUBNET_B, ip_address: '203.0.113.66' });
    const ops = diff(more, converged);
    expect(kinds(ops)).toEqual(['addresses.set', 'dhcp.files', 'dhcp.start']);
    expect(ops[0]).toMatchObject({ addresses: ['203.0.113.2/26', '203.0.113.66/26'] });
    expect(ops[2]).toMatchObject({ reason: 'its arguments changed' });
  });

  it('tears a network down when it leaves the host: dnsmasq, OVS port, namespace; VM ports go dead, not deleted', () => {
    const ops = diff(scenario({ ports: [] }), converged);
    expect(kinds(ops)).toEqual(['dhcp.stop', 'port.delete', 'namespace.delete', 'port.update', 'port.update', 'flows.replace']);
    expect(ops.filter((o) => o.kind === 'port.update').map((o) => (o as { tag: number }).tag)).toEqual([4095, 4095]);
  });

  it('re-pushes every flow table after an ovs-vswitchd restart, and nothing else', () => {
    const actual = clone(converged);
    actual.flows = flowsAfterVswitchdRestart(actual);
    expect(kinds(diff(inputs, actual))).toEqual(['flows.replace', 'flows.replace']);
  });

  it('replaces a flow table edited by hand (one flow added)', () => {
    const actual = clone(converged);
    actual.flows['br-tun'] = { count: actual.flows['br-tun']!.count + 1, cookies: [...actual.flows['br-tun']!.cookies, '0'] };
    expect(diff(inputs, actual)).toEqual([expect.objectContaining({ kind: 'flows.replace', bridge: 'br-tun' })]);
  });

  it('corrects a re-tagged DHCP port, a wrong fail mode and changed tunnel options in place', () => {
    const more = scenario();
    more.ports.push(port(VM3, NET_A, 'hostB', 'fa:16:3e:00:00:13', []));
    const conv = convergedActual(desiredHostState(more));
    const actual = clone(conv);
    actual.ovs.bridges[0]!.ports.find((p) => p.name === TAP)!.tag = 9;
    actual.ovs.bridges[1]!.failMode = undefined;
    actual.ovs.bridges[1]!.ports.find((p) => p.name === 'vxlan-c6336402')!.interfaces[0]!.options.remote_ip = '198.51.100.99';
    expect(kinds(diff(more, actual))).toEqual(['bridge.update', 'port.update', 'interface.update']);
  });

  it('recreates the DHCP leg when its veth vanished from the host namespace', () => {
    const actual = clone(converged);
    actual.hostLinks = actual.hostLinks.filter((l) => l !== TAP);
    actual.namespaces[0]!.links = [];
    expect(kinds(diff(inputs, actual))).toEqual(['port.delete', 'veth.create', 'addresses.set', 'port.create', 'dhcp.start']);
  });

  it('deletes an agent-owned port nothing needs any more, and a stale qdhcp namespace of its own prefix only', () => {
    const actual = clone(converged);
    actual.ovs.bridges[1]!.ports.push({ name: 'vxlan-c6336409', tag: undefined, externalIds: { 'muon-owner': 'agent' }, otherConfig: {},
      interfaces: [{ name: 'vxlan-c6336409', type: 'vxlan', options: {}, externalIds: {}, ofport: 30, error: undefined }] });
    actual.namespaces.push({ name: 't-qdhcp-gone', netnsId: 'net:[9]', links: [] }, { name: 'other-ns', netnsId: 'net:[8]', links: [] });
    const ops = diff(inputs, actual);
    expect(ops).toEqual([
      { kind: 'port.delete', bridge: 'br-tun', name: 'vxlan-c6336409', reason: 'no longer needed' },
      { kind: 'namespace.delete', namespace: 't-qdhcp-gone' },
    ]);
  });
});

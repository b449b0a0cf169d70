import { beforeEach, describe, expect, it } from '@jest/globals';
import { qvoName, routerGatewayName, routerInterfaceName, routerNamespace } from '@muon/agent-domain';
import { NetworkScenario, testHostConfig } from '../../../test/support/network-scenario.js';
import { RouterScenario } from '../../../test/support/router-scenario.js';
import { InMemoryHost } from '../fakes/in-memory-host.js';
import { Reconciler } from './reconciler.js';

const config = testHostConfig('hostA', { namespacePrefix: 'fake-', dhcpStateDir: '/fake/dhcp', bridgeMappings: { public: 'br-ex' } });

function setup() {
  const s = new NetworkScenario();
  const r = new RouterScenario(s);
  const ext = r.externalNetwork('pub', 'public', '203.0.113.128/25', '203.0.113.129');
  const net = s.network('neta', 1001);
  const sub = s.subnet(net, '198.51.100.0/26', '198.51.100.1');
  const vm = s.port('vm1', net, sub, '198.51.100.10', 'hostA');
  const router = r.router('rtr');
  const qr = r.addInterface(router, 'qr', net, sub, '198.51.100.1', 'hostA');
  const qg = r.setGateway(router, 'qg', ext.networkId, ext.subnetId, '203.0.113.130', 'hostA');
  const fip = r.addFloatingIp(router, '203.0.113.140', vm);
  const host = new InMemoryHost();
  const reads: string[][] = [];
  const read = host.routers.read.bind(host.routers);
  host.routers.read = async (namespaces) => { reads.push([...namespaces]); return read(namespaces); };
  const reconciler = new Reconciler({ ovs: host.ovs, namespaces: host.netns, dhcp: host.dhcp, routers: host.routers }, config);
  return { s, r, net, vm, router, qr, qg, fip, host, reads, reconciler, ns: routerNamespace('fake-', router.id), inputs: () => r.inputs(config) };
}

describe('Reconciler with routers (in-memory drivers)', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(async () => {
    t = setup();
    await t.reconciler.reconcile(t.inputs());
    t.host.plugVm(t.vm.id, t.vm.mac_address, qvoName(t.vm.id));
    expect((await t.reconciler.reconcile(t.inputs())).converged).toBe(true);
  });

  it('builds the router: qr- on br-int in the network\'s VLAN, qg- on br-ex, forwarding, default route, NAT; all ACTIVE', async () => {
    const report = await t.reconciler.reconcile(t.inputs());
    expect(report.operationCount).toBe(0);
    expect(report.portStatuses).toMatchObject({ [t.qr.id]: 'ACTIVE', [t.qg.id]: 'ACTIVE', [t.vm.id]: 'ACTIVE' });
    expect(report.floatingipStatuses).toEqual({ [t.fip.id]: 'ACTIVE' });
    const show = await t.host.ovs.show();
    expect(show).toContain(`Port ${routerInterfaceName(t.qr.id)}\n            tag: 1`);
    expect(show).toMatch(new RegExp(`Bridge br-ex[\\s\\S]*Port ${routerGatewayName(t.qg.id)}`));
    const state = t.host.routerState.get(t.ns)!;
    expect(state.forwarding).toBe(true);
    expect(state.routes).toEqual([{ destination: '0.0.0.0/0', nexthop: '203.0.113.129' }]);
    expect(state.nat).toContain(`-A neutron-l3-agent-snat -s 198.51.100.0/26 -o ${routerGatewayName(t.qg.id)} -j SNAT --to-source 203.0.113.130`);
  });

  it('reads a router namespace again only after something changed it, or on a full read', async () => {
    t.reads.length = 0;
    t.host.plugVm('someone-else', 'fa:16:3e:99:99:99', 'qvoelse'); // a hint pass: nothing of the router changes
    await t.reconciler.reconcile(t.inputs(), 5, { fullRead: false });
    expect(t.reads).toEqual([]);
    t.r.routers[0]!.floatingips = [];
    const report = await t.reconciler.reconcile(t.inputs(), 5, { fullRead: false });
    expect(report.passes[0]!.operations.map((o) => o.kind)).toEqual(['addresses.set', 'router.nat']);
    expect(t.reads).toEqual([[t.ns]]); // the pass after the change re-read that namespace, once
    expect(report.floatingipStatuses).toEqual({});
  });

  it('repairs a NAT rule deleted by hand on the next full read (a hint pass trusts its cache)', async () => {
    t.host.editNatByHand(t.ns, (nat) => nat.replace(/-A neutron-l3-agent-PREROUTING .*\n/, ''));
    expect((await t.reconciler.reconcile(t.inputs(), 5, { fullRead: false })).operationCount).toBe(0);
    const repair = await t.reconciler.reconcile(t.inputs());
    expect(repair.passes[0]!.operations.map((o) => o.kind)).toEqual(['router.nat']);
    expect(repair.floatingipStatuses).toEqual({ [t.fip.id]: 'ACTIVE' });
  });

  it('removes the namespace and both OVS ports when the router leaves the host, and reports its ports DOWN', async () => {
    t.r.removeRouter(t.router.id);
    const report = await t.reconciler.reconcile(t.inputs());
    expect(report.converged).toBe(true);
    expect([...t.host.namespaces.keys()]).not.toContain(t.ns);
    expect(t.host.routerState.has(t.ns)).toBe(false);
    const show = await t.host.ovs.show();
    expect(show).not.toContain(routerInterfaceName(t.qr.id));
    expect(show).not.toContain(routerGatewayName(t.qg.id));
    expect(report.portStatuses).toMatchObject({ [t.qr.id]: 'DOWN', [t.qg.id]: 'DOWN' });
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { qvoName, type HostInputs } from '@muon/agent-domain';
import { NetworkScenario, testHostConfig } from '../../../test/support/network-scenario.js';
import { InMemoryHost } from '../fakes/in-memory-host.js';
import { Reconciler } from './reconciler.js';

const config = testHostConfig('hostA', { namespacePrefix: 'fake-', dhcpStateDir: '/fake/dhcp', tunnelIp: '198.51.100.1' });

function setup() {
  const s = new NetworkScenario();
  const net = s.network('neta', 1001);
  const sub = s.subnet(net, '203.0.113.0/26', '203.0.113.1');
  const dhcp = s.port('dhcpa', net, sub, '203.0.113.2', 'hostA', 'network:dhcp');
  const vm1 = s.port('vm1', net, sub, '203.0.113.11', 'hostA');
  const vm2 = s.port('vm2', net, sub, '203.0.113.12', 'hostA');
  const host = new InMemoryHost();
  const reconciler = new Reconciler({ ovs: host.ovs, namespaces: host.netns, dhcp: host.dhcp, routers: host.routers }, config);
  return { s, net, sub, dhcp, vm1, vm2, host, reconciler, inputs: (): HostInputs => s.inputs(config) };
}

describe('Reconciler (in-memory drivers)', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(async () => {
    t = setup();
    await t.reconciler.reconcile(t.inputs()); // br-int exists: Nova can plug
    t.host.plugVm(t.vm1.id, t.vm1.mac_address, qvoName(t.vm1.id));
    t.host.plugVm(t.vm2.id, t.vm2.mac_address, qvoName(t.vm2.id));
    const first = await t.reconciler.reconcile(t.inputs());
    expect(first.converged).toBe(true);
  });

  it('converges a bare host, reports the ports ACTIVE, and a second run does nothing', async () => {
    expect(t.host.netns && [...t.host.namespaces.keys()]).toEqual([`fake-qdhcp-${t.net}`]);
    const again = await t.reconciler.reconcile(t.inputs());
    expect(again.operationCount).toBe(0);
    expect(again.passes).toHaveLength(1);
    expect(again.portStatuses).toEqual({ [t.vm1.id]: 'ACTIVE', [t.vm2.id]: 'ACTIVE', [t.dhcp.id]: 'ACTIVE' });
    expect(await t.host.ovs.show()).toContain(`Port ${qvoName(t.vm1.id)}\n            tag: 1`);
  });

  it('a restarted agent (new reconciler over the same host) changes nothing', async () => {
    const restarted = new Reconciler({ ovs: t.host.ovs, namespaces: t.host.netns, dhcp: t.host.dhcp, routers: t.host.routers }, config);
    expect((await restarted.reconcile(t.inputs())).operationCount).toBe(0);
  });

  it('repairs hand edits: a deleted OVS port, a deleted namespace, a killed dnsmasq, a vswitchd restart', async () => {
    t.host.deletePortByHand(`tap${t.dhcp.id.slice(0, 11)}`);
    t.host.deleteNamespaceByHand(`fake-qdhcp-${t.net}`);
    t.host.restartVswitchd();
    const repair = await t.reconciler.reconcile(t.inputs());
    expect(repair.converged).toBe(true);
    expect(repair.portStatuses[t.dhcp.id]).toBe('ACTIVE');
    expect(t.host.dhcp.starts).toEqual([t.net, t.net]);
    expect(t.host.dnsmasq.get(t.net)!.netnsId).toBe(t.host.namespaces.get(`fake-qdhcp-${t.net}`)!.netnsId);
    t.host.killDnsmasq(t.net);
    const restart = await t.reconciler.reconcile(t.inputs());
    expect(restart.passes[0]!.operations.map((o) => o.kind)).toEqual(['dhcp.start']);
  });

  it('binds a VM plugged before its port is bound, and reports it DOWN once unplugged', async () => {
    const late = t.s.port('vm3', t.net, t.sub, '203.0.113.13', '');
    t.host.plugVm(late.id, late.mac_address, qvoName(late.id));
    await t.reconciler.reconcile(t.inputs());
    expect(t.host.bridges[0]!.ports.find((p) => p.name === qvoName(late.id))!.tag).toBe(4095);
    t.s.ports.find((p) => p.id === late.id)!['binding:host_id'] = 'hostA';
    const bound = await t.reconciler.reconcile(t.inputs());
    expect(bound.portStatuses[late.id]).toBe('ACTIVE');
    expect(t.host.dnsmasq.get(t.net)!.reloads).toBe(1); // the hosts file got the new port at the first pass
    t.host.unplugVm(qvoName(late.id));
    expect((await t.reconciler.reconcile(t.inputs())).portStatuses[late.id]).toBe('DOWN');
  });

  it('records a failing step, still applies the others, and the next run retries it', async () => {
    const vm3 = t.s.port('vm3', t.net, t.sub, '203.0.113.13', 'hostA');
    t.host.plugVm(vm3.id, vm3.mac_address, qvoName(vm3.id));
    const reload = t.host.dhcp.reload.bind(t.host.dhcp);
    t.host.dhcp.reload = async () => { throw new Error('boom'); };
    const failed = await t.reconciler.reconcile(t.inputs());
    expect(failed.converged).toBe(false);
    expect(failed.passes[0]!.errors).toEqual([{ operation: `dhcp.reload ${t.net}`, message: 'boom' }]);
    expect(failed.portStatuses[vm3.id]).toBe('ACTIVE');
    t.host.dhcp.reload = reload;
    // The files were written before the SIGHUP failed; dnsmasq never read them, so they still count as changed.
    const retried = await t.reconciler.reconcile(t.inputs());
    expect(retried.passes[0]!.operations.map((o) => o.kind)).toEqual(['dhcp.files', 'dhcp.reload']);
    expect(retried.converged).toBe(true);
    expect(t.host.dnsmasq.get(t.net)!.reloads).toBe(1);
  });
});

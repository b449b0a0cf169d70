import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dhcpNamespace, tapName, type AgentPort } from '@muon/agent-domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine } from '../../src/dataplane/process/pid-file.js';
import { runCommand } from '../../src/dataplane/process/run-command.js';
import { NetworkScenario } from '../support/network-scenario.js';
import { describeDataplane } from '../support/dataplane-availability.js';
import type { SimulatedHost } from '../support/simulated-host.js';
import { TestRun } from '../support/test-run.js';
import type { VmNamespace } from '../support/vm-namespace.js';

const STEP = 120000;
const suite = describeDataplane() === 'run' ? describe : describe.skip;

/**
 * One host with its own ovs-vswitchd: two networks with DHCP (B reuses A's CIDR, so any leak
 * between them would show), VMs plugged as Nova would, then hand edits the agent must repair.
 */
suite('agent dataplane on one host (real OVS, namespaces, dnsmasq)', () => {
  const run = new TestRun();
  const s = new NetworkScenario();
  const netA = s.network('neta', 1001);
  const subA = s.subnet(netA, '203.0.113.0/26', '203.0.113.1');
  const netB = s.network('netb', 1002);
  const subB = s.subnet(netB, '203.0.113.0/26', '203.0.113.1');
  const dhcpA = s.port('dhcpa', netA, subA, '203.0.113.2', 'hostA', 'network:dhcp');
  const dhcpB = s.port('dhcpb', netB, subB, '203.0.113.2', 'hostA', 'network:dhcp');
  const p1 = s.port('vm1', netA, subA, '203.0.113.11', 'hostA');
  const p2 = s.port('vm2', netA, subA, '203.0.113.12', ''); // bound only after Nova plugged it
  const p3 = s.port('vm3', netB, subB, '203.0.113.13', 'hostA');
  let host: SimulatedHost;
  let vm1: VmNamespace, vm2: VmNamespace, vm3: VmNamespace;
  const timings: Record<string, number> = {};
  const inputs = () => s.inputs(host.config);
  const bind = (p: AgentPort) => { s.ports.find((x) => x.id === p.id)!['binding:host_id'] = 'hostA'; };
  const dnsmasqPid = (net: string) => Number(readFileSync(join(host.config.dhcpStateDir, net, 'pid'), 'utf8'));

  beforeAll(async () => {
    host = await run.host('hostA');
  }, STEP);

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`single-host timings (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`);
    await run.cleanup();
  }, STEP);

  it('builds br-int, the qdhcp namespaces and dnsmasq from nothing', async () => {
    const report = await host.reconcile(inputs());
    timings.firstReconcile = report.durationMs;
    expect(host.log.filter((l) => l.startsWith('FAILED'))).toEqual([]);
    expect(report.converged).toBe(true);
    expect(report.passes.flatMap((p) => p.errors)).toEqual([]);
    expect(await run.ownNamespaces()).toEqual(expect.arrayContaining([dhcpNamespace(host.config.namespacePrefix, netA), dhcpNamespace(host.config.namespacePrefix, netB)]));
    const show = await host.ovs.vsctl(['show']);
    expect(show).toMatch(new RegExp(`Port ${tapName(dhcpA.id)}\\s+tag: 1`));
    expect(show).toMatch(new RegExp(`Port ${tapName(dhcpB.id)}\\s+tag: 2`));
    expect(report.portStatuses[dhcpA.id]).toBe('ACTIVE');
  }, STEP);

  it('tags VMs plugged by Nova, whether the port was bound before or after the plug', async () => {
    [vm1, vm2, vm3] = await Promise.all([run.vm('vm1', host, p1.id, p1.mac_address), run.vm('vm2', host, p2.id, p2.mac_address), run.vm('vm3', host, p3.id, p3.mac_address)]);
    await Promise.all([vm1.plug(), vm2.plug(), vm3.plug(false)]); // vm3 plugged without isolation: a trunk until tagged
    const before = await host.reconcile(inputs());
    expect(before.portStatuses[p1.id]).toBe('ACTIVE');
    expect(await host.ovs.vsctl(['get', 'Port', vm2.link, 'tag'])).toBe('4095\n');
    bind(p2);
    const after = await host.reconcile(inputs());
    timings.bindReconcile = after.durationMs;
    expect(after.portStatuses).toMatchObject({ [p1.id]: 'ACTIVE', [p2.id]: 'ACTIVE', [p3.id]: 'ACTIVE' });
    expect(await host.ovs.vsctl(['get', 'Port', vm2.link, 'tag'])).toBe('1\n');
  }, STEP);

  it('VMs get their addresses and the network MTU from dnsmasq', async () => {
    const leases = await Promise.all([vm1.dhcp(), vm2.dhcp(), vm3.dhcp()]);
    expect(leases.map((l) => l && `${l.ip}/${l.mask} mtu=${l.mtu} router=${l.router}`)).toEqual([
      '203.0.113.11/26 mtu=1450 router=203.0.113.1',
      '203.0.113.12/26 mtu=1450 router=203.0.113.1',
      '203.0.113.13/26 mtu=1450 router=203.0.113.1',
    ]);
    timings.leaseMax = Math.max(...leases.map((l) => l!.ms));
    expect(await vm1.addresses()).toEqual(['203.0.113.11/26']);
    expect(await vm1.mtu()).toBe(1450);
  }, STEP);

  it('VMs of one network reach each other; the other network, on the same CIDR, is isolated', async () => {
    expect(await vm1.reaches('203.0.113.12')).toBe(true);
    expect(await vm2.reaches('203.0.113.11')).toBe(true);
    expect(await vm3.reaches('203.0.113.2')).toBe(true); // its own network's DHCP server
    expect(await vm1.isolatedFrom('203.0.113.13')).toBe(true);
    expect(await vm3.isolatedFrom('203.0.113.11')).toBe(true);
  }, STEP);

  it('a second reconcile, and a restarted agent, perform zero operations and restart nothing', async () => {
    const pidA = dnsmasqPid(netA);
    const again = await host.reconcile(inputs());
    expect(again.operationCount).toBe(0);
    timings.idleReconcile = again.durationMs;
    await host.connect(); // a new OVSDB connection and reconciler: the agent restarted
    const restarted = await host.reconcile(inputs());
    expect(restarted.operationCount).toBe(0);
    expect(dnsmasqPid(netA)).toBe(pidA);
  }, STEP);

  it('restores the DHCP port deleted by hand with ovs-vsctl, and DHCP works again', async () => {
    await host.ovs.vsctl(['del-port', 'br-int', tapName(dhcpA.id)]);
    const repair = await host.reconcile(inputs());
    expect(repair.passes[0]!.operations.map((o) => o.kind)).toEqual(['port.create']);
    expect(repair.converged).toBe(true);
    expect((await vm1.dhcp())?.ip).toBe('203.0.113.11');
  }, STEP);

  it('restores the qdhcp namespace deleted by hand (dnsmasq restarted inside the new one)', async () => {
    const oldPid = dnsmasqPid(netA);
    await runCommand('ip', ['netns', 'delete', dhcpNamespace(host.config.namespacePrefix, netA)]);
    const repair = await host.reconcile(inputs());
    timings.namespaceRepair = repair.durationMs;
    expect(repair.converged).toBe(true);
    expect(repair.passes[0]!.operations.map((o) => o.kind)).toEqual(['port.delete', 'namespace.create', 'veth.create', 'addresses.set', 'port.create', 'dhcp.start']);
    expect(dnsmasqPid(netA)).not.toBe(oldPid);
    expect((await vm2.dhcp())?.ip).toBe('203.0.113.12');
    expect(await vm2.reaches('203.0.113.2')).toBe(true);
  }, STEP);

  it('restarts a dnsmasq killed by hand', async () => {
    process.kill(dnsmasqPid(netB), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const repair = await host.reconcile(inputs());
    expect(repair.passes[0]!.operations.map((o) => o.kind)).toEqual(['dhcp.start']);
    expect((await vm3.dhcp())?.ip).toBe('203.0.113.13');
  }, STEP);

  it('re-pushes the flows after an ovs-vswitchd restart, and traffic flows again', async () => {
    await host.ovs.restartVswitchd();
    const repair = await host.reconcile(inputs());
    expect(repair.passes[0]!.operations.map((o) => o.kind)).toEqual(['flows.replace']);
    expect(await vm1.reaches('203.0.113.12')).toBe(true);
    expect(await vm1.isolatedFrom('203.0.113.13')).toBe(true);
  }, STEP);

  it('serves a port added to a running network after a SIGHUP, without restarting dnsmasq', async () => {
    const pid = dnsmasqPid(netA);
    const p4 = s.port('vm4', netA, subA, '203.0.113.14', 'hostA');
    const vm4 = await run.vm('vm4', host, p4.id, p4.mac_address);
    await vm4.plug();
    const report = await host.reconcile(inputs());
    expect(report.passes[0]!.operations.map((o) => o.kind)).toEqual(['port.update', 'dhcp.files', 'dhcp.reload']);
    expect(dnsmasqPid(netA)).toBe(pid);
    expect((await vm4.dhcp())?.ip).toBe('203.0.113.14');
    expect(await vm4.reaches('203.0.113.11')).toBe(true);
  }, STEP);

  it('tears a network down when its last port leaves: dnsmasq, OVS port and namespace go, its VM is put in the dead VLAN', async () => {
    const pidB = dnsmasqPid(netB);
    s.ports = s.ports.filter((p) => p.network_id !== netB);
    const report = await host.reconcile(inputs());
    expect(report.converged).toBe(true);
    expect(await run.ownNamespaces()).not.toContain(dhcpNamespace(host.config.namespacePrefix, netB));
    expect(commandLine(pidB)).toBeUndefined();
    expect(await host.ovs.vsctl(['get', 'Port', vm3.link, 'tag'])).toBe('4095\n');
    expect(await host.ovs.vsctl(['list-ports', 'br-int'])).not.toContain(tapName(dhcpB.id));
    expect(await vm3.isolatedFrom('203.0.113.2')).toBe(true);
  }, STEP);
});

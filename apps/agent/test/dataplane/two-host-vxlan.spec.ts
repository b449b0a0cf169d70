import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tunnelPortName } from '@muon/agent-domain';
import { describeDataplane } from '../support/dataplane-availability.js';
import { NetworkScenario } from '../support/network-scenario.js';
import type { SimulatedHost } from '../support/simulated-host.js';
import { TestRun } from '../support/test-run.js';
import { connectUnderlay } from '../support/underlay.js';
import type { VmNamespace } from '../support/vm-namespace.js';

const STEP = 120000;
const suite = describeDataplane() === 'run' ? describe : describe.skip;
const IP_A = '198.51.100.193';
const IP_B = '198.51.100.194';

/**
 * Two hosts, each with its own ovs-vswitchd in its own host namespace, joined by a veth underlay
 * in 198.51.100.192/27. Network A has its DHCP server on host A, network B on host B; VMs on the
 * other host get their leases through the VXLAN tunnel. Network C reuses A's CIDR, without DHCP.
 */
suite('agent dataplane on two hosts with VXLAN (real OVS)', () => {
  const run = new TestRun();
  const s = new NetworkScenario();
  s.peers = [{ host: 'hostA', tunnelIp: IP_A }, { host: 'hostB', tunnelIp: IP_B }];
  const netA = s.network('neta', 1001);
  const subA = s.subnet(netA, '203.0.113.0/26', '203.0.113.1');
  const netB = s.network('netb', 1002);
  const subB = s.subnet(netB, '203.0.113.64/26', '203.0.113.65');
  const netC = s.network('netc', 1003);
  const subC = s.subnet(netC, '203.0.113.0/26', '203.0.113.1', { enable_dhcp: false });
  s.port('dhcpa', netA, subA, '203.0.113.2', 'hostA', 'network:dhcp');
  s.port('dhcpb', netB, subB, '203.0.113.66', 'hostB', 'network:dhcp');
  const p1 = s.port('vm1', netA, subA, '203.0.113.11', 'hostA');
  const p2 = s.port('vm2', netA, subA, '203.0.113.12', 'hostB');
  const p3 = s.port('vm3', netB, subB, '203.0.113.67', 'hostA');
  const p4 = s.port('vm4', netB, subB, '203.0.113.68', 'hostB');
  const p5 = s.port('vm5', netC, subC, '203.0.113.13', 'hostA');
  let hostA: SimulatedHost, hostB: SimulatedHost;
  let vm1: VmNamespace, vm2: VmNamespace, vm3: VmNamespace, vm4: VmNamespace, vm5: VmNamespace;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    hostA = await run.host('hostA', () => ({ tunnelIp: IP_A }));
    hostB = await run.host('hostB', () => ({ tunnelIp: IP_B }));
    await connectUnderlay(hostA, IP_A, hostB, IP_B, 27);
  }, STEP);

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`two-host timings (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`);
    await run.cleanup();
  }, STEP);

  it('wires both hosts: br-tun with one tunnel to the other host, VMs tagged, nothing left to do', async () => {
    const [a0, b0] = await Promise.all([hostA.reconcile(s.inputs(hostA.config)), hostB.reconcile(s.inputs(hostB.config))]);
    expect([a0.converged, b0.converged]).toEqual([true, true]);
    [vm1, vm2, vm3, vm4, vm5] = await Promise.all([
      run.vm('vm1', hostA, p1.id, p1.mac_address), run.vm('vm2', hostB, p2.id, p2.mac_address), run.vm('vm3', hostA, p3.id, p3.mac_address),
      run.vm('vm4', hostB, p4.id, p4.mac_address), run.vm('vm5', hostA, p5.id, p5.mac_address),
    ]);
    await Promise.all([vm1, vm2, vm3, vm4, vm5].map((v) => v.plug()));
    const [a, b] = await Promise.all([hostA.reconcile(s.inputs(hostA.config)), hostB.reconcile(s.inputs(hostB.config))]);
    timings.reconcileA = a.durationMs;
    timings.reconcileB = b.durationMs;
    expect(a.portStatuses).toMatchObject({ [p1.id]: 'ACTIVE', [p3.id]: 'ACTIVE', [p5.id]: 'ACTIVE' });
    expect(b.portStatuses).toMatchObject({ [p2.id]: 'ACTIVE', [p4.id]: 'ACTIVE' });
    expect(await hostA.ovs.vsctl(['list-ports', 'br-tun'])).toBe(`patch-int\n${tunnelPortName(IP_B)}\n`);
    expect((await hostA.ovs.vsctl(['get', 'Interface', tunnelPortName(IP_B), 'options'])).trim()).toBe(`{key=flow, local_ip="${IP_A}", remote_ip="${IP_B}"}`);
    const [a2, b2] = await Promise.all([hostA.reconcile(s.inputs(hostA.config)), hostB.reconcile(s.inputs(hostB.config))]);
    expect([a2.operationCount, b2.operationCount]).toEqual([0, 0]);
  }, STEP);

  it('a VM gets its lease from the DHCP server on the other host, through the tunnel, with MTU 1450', async () => {
    const [l1, l2, l3, l4] = await Promise.all([vm1.dhcp(), vm2.dhcp(), vm3.dhcp(), vm4.dhcp()]);
    expect([l1, l2, l3, l4].map((l) => l && `${l.ip}/${l.mask} mtu=${l.mtu}`)).toEqual([
      '203.0.113.11/26 mtu=1450', '203.0.113.12/26 mtu=1450', '203.0.113.67/26 mtu=1450', '203.0.113.68/26 mtu=1450',
    ]);
    timings.leaseAcrossTunnelVm2 = l2!.ms;
    timings.leaseAcrossTunnelVm3 = l3!.ms;
    expect(await vm5.dhcp(2)).toBeUndefined(); // network C has DHCP disabled: no server anywhere
  }, STEP);

  it('VMs of one network reach each other across hosts; other networks are isolated, even on the same CIDR', async () => {
    await vm5.exec(['ip', 'addr', 'add', '203.0.113.13/26', 'dev', 'eth0']);
    await vm5.exec(['ip', 'link', 'set', 'eth0', 'mtu', '1450']);
    const started = performance.now();
    expect(await vm2.reaches('203.0.113.11')).toBe(true);
    timings.firstCrossHostPing = performance.now() - started;
    expect(await vm3.reaches('203.0.113.68')).toBe(true);
    expect(await vm2.isolatedFrom('203.0.113.13')).toBe(true); // vm5: network C, A's CIDR, on host A
    expect(await vm5.isolatedFrom('203.0.113.11')).toBe(true);
    // Full-size frames cross the tunnel at the MTU DHCP handed out (1450 - 28 bytes of IP+ICMP headers).
    expect(await vm2.exec(['busybox', 'ping', '-c', '1', '-W', '2', '-s', '1422', '203.0.113.11']).then(() => true, () => false)).toBe(true);
  }, STEP);

  it('removes the tunnel when the other host has no port left on the network, and re-adds it when one comes back', async () => {
    const withoutRemote = () => { const i = s.inputs(hostA.config); i.ports = i.ports.filter((p) => p['binding:host_id'] !== 'hostB'); return i; };
    const gone = await hostA.reconcile(withoutRemote());
    expect(gone.converged).toBe(true);
    expect(await hostA.ovs.vsctl(['list-ports', 'br-tun'])).toBe('patch-int\n');
    expect(await vm1.isolatedFrom('203.0.113.12')).toBe(true);
    const back = await hostA.reconcile(s.inputs(hostA.config));
    expect(back.converged).toBe(true);
    expect(await vm1.reaches('203.0.113.12')).toBe(true);
  }, STEP);
});

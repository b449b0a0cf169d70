import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { routerGatewayName, routerInterfaceName, routerNamespace, tapName } from '@muon/agent-domain';
import { readFileSync } from 'node:fs';
import { runCommand } from '../../src/dataplane/process/run-command.js';
import { describeDataplane } from '../support/dataplane-availability.js';
import { NetworkScenario } from '../support/network-scenario.js';
import { httpGet, httpGetEventually, OutsideNamespace, WhoamiServer } from '../support/outside-world.js';
import { RouterScenario } from '../support/router-scenario.js';
import type { SimulatedHost } from '../support/simulated-host.js';
import { TestRun } from '../support/test-run.js';
import type { VmNamespace } from '../support/vm-namespace.js';

const STEP = 120000;
const suite = describeDataplane() === 'run' ? describe : describe.skip;
const OUTSIDE = '203.0.113.129';
const GATEWAY_IP = '203.0.113.130';
const FLOATING_IP = '203.0.113.140';
const rootForwarding = () => readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim();

/**
 * Neutron's legacy router on one host: an external flat network `public` on br-ex whose other end
 * is an "outside" namespace holding the external gateway 203.0.113.129 (and no route to any tenant
 * network, so only NATed traffic gets answers); tenant network A behind a router with SNAT, later a
 * floating IP for its VM; tenant network B with DHCP and no router. Packets prove SNAT, DNAT and
 * isolation; hand edits are repaired; the router's removal takes its namespace and ports away.
 */
suite('agent dataplane: a router on one host (real OVS, namespaces, iptables)', () => {
  const run = new TestRun();
  const s = new NetworkScenario();
  const r = new RouterScenario(s);
  const ext = r.externalNetwork('pub', 'public', '203.0.113.128/25', OUTSIDE);
  const netA = s.network('neta', 1001);
  const subA = s.subnet(netA, '198.51.100.0/26', '198.51.100.1');
  const netB = s.network('netb', 1002);
  const subB = s.subnet(netB, '198.51.100.64/26', '198.51.100.65');
  const dhcpA = s.port('dhcpa', netA, subA, '198.51.100.2', 'hostA', 'network:dhcp');
  s.port('dhcpb', netB, subB, '198.51.100.66', 'hostA', 'network:dhcp');
  const pA = s.port('vma', netA, subA, '198.51.100.10', 'hostA');
  const pB = s.port('vmb', netB, subB, '198.51.100.74', 'hostA');
  const router = r.router('rtr');
  const qr = r.addInterface(router, 'qra', netA, subA, '198.51.100.1', 'hostA');
  const qg = r.setGateway(router, 'qg', ext.networkId, ext.subnetId, GATEWAY_IP, 'hostA');
  const QR = routerInterfaceName(qr.id);
  const QG = routerGatewayName(qg.id);
  let host: SimulatedHost;
  let ns: string;
  let outside: OutsideNamespace;
  let vmA: VmNamespace, vmB: VmNamespace;
  const servers: WhoamiServer[] = [];
  const timings: Record<string, number> = {};
  const forwardingBefore = rootForwarding();
  const inputs = () => r.inputs(host.config);
  const inRouter = (args: string[]) => runCommand('ip', ['netns', 'exec', ns, ...args]);
  const kinds = (report: { passes: { operations: { kind: string }[] }[] }) => report.passes.flatMap((p) => p.operations.map((o) => o.kind));

  beforeAll(async () => {
    host = await run.host('hostA', () => ({ bridgeMappings: { public: 'br-ex' } }));
    ns = routerNamespace(host.config.namespacePrefix, router.id);
  }, STEP);

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`single-host router timings (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`);
    for (const server of servers) server.stop();
    await run.cleanup();
    expect(rootForwarding()).toBe(forwardingBefore);
  }, STEP);

  it('builds the router: qrouter namespace, qr- on br-int in A\'s VLAN, qg- on br-ex, forwarding only inside, ports ACTIVE', async () => {
    const report = await host.reconcile(inputs());
    timings.firstReconcile = report.durationMs;
    expect(host.log.filter((l) => l.startsWith('FAILED'))).toEqual([]);
    expect(report.converged).toBe(true);
    expect(report.problems).toEqual([]);
    expect(await run.ownNamespaces()).toContain(ns);
    const show = await host.ovs.vsctl(['show']);
    const tagA = /Port tap\S+\s+tag: (\d+)/.exec(show.slice(show.indexOf(`Port ${tapName(dhcpA.id)}`)))![1];
    expect(show).toMatch(new RegExp(`Port ${QR}\\s+tag: ${tagA}\\s+Interface ${QR}`));
    expect((await host.ovs.vsctl(['list-ports', 'br-ex'])).split('\n')).toContain(QG);
    expect(await host.ovs.vsctl(['get', 'Port', QG, 'tag'])).toBe('[]\n');
    const addr = await runCommand('ip', ['-n', ns, 'addr', 'show']);
    expect(addr).toMatch(new RegExp(`${QR}@\\S+: <[^>]*UP[^>]*> mtu 1450[\\s\\S]*inet 198\\.51\\.100\\.1/26`));
    expect(addr).toMatch(new RegExp(`${QG}@\\S+: <[^>]*UP[^>]*> mtu 1500[\\s\\S]*inet 203\\.0\\.113\\.130/25`));
    expect((await inRouter(['sysctl', '-n', 'net.ipv4.ip_forward'])).trim()).toBe('1');
    expect(rootForwarding()).toBe(forwardingBefore);
    expect(await runCommand('ip', ['-n', ns, 'route', 'show', 'default'])).toContain(`default via ${OUTSIDE} dev ${QG}`);
    expect(report.portStatuses).toMatchObject({ [qr.id]: 'ACTIVE', [qg.id]: 'ACTIVE', [dhcpA.id]: 'ACTIVE' });
  }, STEP);

  it('VMs get DHCP: A with its router as default gateway, B too (with a gateway nobody answers for)', async () => {
    outside = new OutsideNamespace(run, 'outside', host, OUTSIDE);
    await outside.create('br-ex', 25);
    servers.push(await WhoamiServer.start(run, outside.namespace));
    [vmA, vmB] = await Promise.all([run.vm('vma', host, pA.id, pA.mac_address), run.vm('vmb', host, pB.id, pB.mac_address)]);
    await Promise.all([vmA.plug(), vmB.plug()]);
    const report = await host.reconcile(inputs());
    expect(report.portStatuses).toMatchObject({ [pA.id]: 'ACTIVE', [pB.id]: 'ACTIVE' });
    const [leaseA, leaseB] = await Promise.all([vmA.dhcp(), vmB.dhcp()]);
    expect(leaseA && `${leaseA.ip}/${leaseA.mask} router=${leaseA.router}`).toBe('198.51.100.10/26 router=198.51.100.1');
    expect(leaseB && `${leaseB.ip}/${leaseB.mask} router=${leaseB.router}`).toBe('198.51.100.74/26 router=198.51.100.65');
    // The test's udhcpc hook sets only the address; the default route from the lease goes in by hand, inside each VM.
    await vmA.exec(['ip', 'route', 'replace', 'default', 'via', leaseA!.router]);
    await vmB.exec(['ip', 'route', 'replace', 'default', 'via', leaseB!.router]);
  }, STEP);

  it('A pings its gateway and reaches the outside, which sees the router\'s gateway address (SNAT)', async () => {
    expect(await vmA.reaches('198.51.100.1')).toBe(true);
    expect(await vmA.reaches(OUTSIDE)).toBe(true);
    const t0 = performance.now();
    expect(await httpGetEventually(vmA.namespace, `http://${OUTSIDE}:8080/`)).toBe(GATEWAY_IP);
    timings.snatRequest = performance.now() - t0;
  }, STEP);

  it('B reaches neither the outside, nor A\'s VM, nor A\'s router', async () => {
    expect(await vmB.reaches('198.51.100.66')).toBe(true); // its own DHCP server: B itself works
    expect(await Promise.all([vmB.isolatedFrom(OUTSIDE), vmB.isolatedFrom('198.51.100.10'), vmB.isolatedFrom('198.51.100.1')])).toEqual([true, true, true]);
  }, STEP);

  it('a floating IP: the outside reaches A\'s VM at 203.0.113.140, and the VM\'s own traffic leaves from it', async () => {
    const fip = r.addFloatingIp(router, FLOATING_IP, pA);
    const report = await host.reconcile(inputs());
    timings.floatingIpReconcile = report.durationMs;
    expect(report.converged).toBe(true);
    expect(kinds(report)).toEqual(['addresses.set', 'router.nat']);
    expect(report.floatingipStatuses).toEqual({ [fip.id]: 'ACTIVE' });
    servers.push(await WhoamiServer.start(run, vmA.namespace));
    expect(await outside.reaches(FLOATING_IP)).toBe(true);
    expect(await httpGetEventually(outside.namespace, `http://${FLOATING_IP}:8080/`)).toBe(OUTSIDE); // DNAT only: the VM sees the real client
    expect(await httpGetEventually(vmA.namespace, `http://${OUTSIDE}:8080/`)).toBe(FLOATING_IP);
    const nat = await inRouter(['iptables-save', '-t', 'nat']);
    expect(nat).toContain(`-A neutron-l3-agent-PREROUTING -d ${FLOATING_IP}/32 -j DNAT --to-destination 198.51.100.10`);
    expect(nat).toContain(`-A neutron-l3-agent-float-snat -s 198.51.100.10/32 -j SNAT --to-source ${FLOATING_IP}`);
    expect(nat).toContain(`-A neutron-l3-agent-snat -s 198.51.100.0/26 -o ${QG} -j SNAT --to-source ${GATEWAY_IP}`);
  }, STEP);

  it('a second reconcile, and a restarted agent, apply zero operations', async () => {
    const again = await host.reconcile(inputs());
    timings.idleReconcile = again.durationMs;
    expect(again.operationCount).toBe(0);
    await host.connect();
    expect((await host.reconcile(inputs())).operationCount).toBe(0);
  }, STEP);

  it('repairs a NAT rule deleted by hand: the whole table is restored and the floating IP answers again', async () => {
    await inRouter(['iptables', '-t', 'nat', '-D', 'neutron-l3-agent-PREROUTING', '-d', `${FLOATING_IP}/32`, '-j', 'DNAT', '--to-destination', '198.51.100.10']);
    expect(await httpGet(outside.namespace, `http://${FLOATING_IP}:8080/`, 1)).toBeUndefined();
    const repair = await host.reconcile(inputs());
    timings.natRepair = repair.durationMs;
    expect(repair.converged).toBe(true);
    expect(repair.passes[0]!.operations.map((o) => o.kind)).toEqual(['router.nat']);
    expect(await httpGetEventually(outside.namespace, `http://${FLOATING_IP}:8080/`)).toBe(OUTSIDE);
  }, STEP);

  it('repairs the qr- link deleted inside the qrouter namespace: veth, OVS port and routes come back', async () => {
    await runCommand('ip', ['-n', ns, 'link', 'del', QR]);
    const repair = await host.reconcile(inputs());
    timings.legRepair = repair.durationMs;
    expect(repair.converged).toBe(true);
    expect(repair.passes[0]!.operations.map((o) => o.kind)).toEqual(['port.delete', 'veth.create', 'addresses.set', 'router.routes', 'port.create']);
    expect(repair.portStatuses[qr.id]).toBe('ACTIVE');
    expect(await vmA.reaches('198.51.100.1')).toBe(true);
    expect(await httpGetEventually(vmA.namespace, `http://${OUTSIDE}:8080/`)).toBe(FLOATING_IP);
  }, STEP);

  it('removing the floating IP takes it off: the outside no longer reaches 203.0.113.140, A leaves from the gateway address again', async () => {
    router.floatingips = [];
    const report = await host.reconcile(inputs());
    expect(report.converged).toBe(true);
    expect(report.floatingipStatuses).toEqual({});
    expect(await runCommand('ip', ['-n', ns, 'addr', 'show', 'dev', QG])).not.toContain(FLOATING_IP);
    expect(await httpGet(outside.namespace, `http://${FLOATING_IP}:8080/`, 2)).toBeUndefined();
    expect(await httpGetEventually(vmA.namespace, `http://${OUTSIDE}:8080/`)).toBe(GATEWAY_IP);
  }, STEP);

  it('removing the router removes its namespace and both OVS ports, and A no longer gets out', async () => {
    r.removeRouter(router.id);
    const report = await host.reconcile(inputs());
    timings.removeReconcile = report.durationMs;
    expect(report.converged).toBe(true);
    expect(await run.ownNamespaces()).not.toContain(ns);
    expect(await host.ovs.vsctl(['list-ports', 'br-int'])).not.toContain(QR);
    expect(await host.ovs.vsctl(['list-ports', 'br-ex'])).not.toContain(QG);
    expect(await host.exec(['ip', 'link', 'show'])).not.toMatch(/q[rg]-/);
    expect(report.portStatuses).toMatchObject({ [qr.id]: 'DOWN', [qg.id]: 'DOWN' });
    expect(await vmA.isolatedFrom(OUTSIDE)).toBe(true);
  }, STEP);
});

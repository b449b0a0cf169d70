import { afterEach, describe, expect, it } from '@jest/globals';
import { qvoName, type HostInputs } from '@muon/agent-domain';
import { NetworkScenario, testHostConfig } from '../../../test/support/network-scenario.js';
import { InMemoryHost } from '../fakes/in-memory-host.js';
import { ReconcileLoop } from './reconcile-loop.js';
import { Reconciler, type ReconcileReport } from './reconciler.js';

const config = testHostConfig('hostA', { namespacePrefix: 'fake-', dhcpStateDir: '/fake/dhcp' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(opts: ConstructorParameters<typeof ReconcileLoop>[2] = {}) {
  const s = new NetworkScenario();
  const net = s.network('neta', 1001);
  const sub = s.subnet(net, '203.0.113.0/26', '203.0.113.1');
  s.port('dhcpa', net, sub, '203.0.113.2', 'hostA', 'network:dhcp');
  const vm = s.port('vm1', net, sub, '203.0.113.11', 'hostA');
  const host = new InMemoryHost();
  const reports: ReconcileReport[] = [];
  let inputs: HostInputs | undefined = s.inputs(config);
  const loop = new ReconcileLoop(new Reconciler({ ovs: host.ovs, namespaces: host.netns, dhcp: host.dhcp, routers: host.routers }, config), () => inputs,
    { debounceMs: 5, resyncIntervalMs: 60000, retryDelayMs: 10, ...opts, onReport: (r) => reports.push(r) });
  host.ovs.onChange(() => loop.trigger('ovsdb changed'));
  return { s, net, vm, host, loop, reports, setInputs: (i: HostInputs | undefined) => { inputs = i; } };
}

describe('ReconcileLoop', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => { await stop?.(); });

  it('runs a pass at start, and one more when Nova plugs a VM (an OVSDB change is only a hint)', async () => {
    const t = setup();
    stop = () => t.loop.stop();
    t.loop.start();
    await sleep(30);
    await t.loop.whenIdle();
    expect(t.reports[0]!.converged).toBe(true);
    t.host.plugVm(t.vm.id, t.vm.mac_address, qvoName(t.vm.id));
    await sleep(30);
    await t.loop.whenIdle();
    expect(t.host.bridges[0]!.ports.find((p) => p.name === qvoName(t.vm.id))!.tag).toBe(1);
    expect(t.reports.at(-1)!.operationCount).toBe(0);
  });

  it('coalesces a burst of hints into few passes, never two at once', async () => {
    const t = setup();
    stop = () => t.loop.stop();
    t.loop.start();
    for (let i = 0; i < 50; i++) t.loop.trigger(`hint ${i}`);
    await sleep(30);
    await t.loop.whenIdle();
    expect(t.loop.runs).toBeLessThanOrEqual(3);
  });

  it('repairs a hand edit on the periodic resync, with no hint at all', async () => {
    const t = setup({ resyncIntervalMs: 40 });
    stop = () => t.loop.stop();
    t.loop.start();
    await sleep(20);
    await t.loop.whenIdle();
    t.host.killDnsmasq(t.net);
    await sleep(120);
    await t.loop.whenIdle();
    expect(t.host.dnsmasq.has(t.net)).toBe(true);
  });

  it('retries a failed pass with backoff until it converges', async () => {
    const t = setup();
    stop = () => t.loop.stop();
    let failures = 2;
    const start = t.host.dhcp.start.bind(t.host.dhcp);
    t.host.dhcp.start = async (...args) => { if (failures-- > 0) throw new Error('dnsmasq: busy'); return start(...args); };
    t.loop.start();
    for (let i = 0; i < 50 && !t.reports.at(-1)?.converged; i++) await sleep(20);
    expect(t.reports.map((r) => r.converged)).toEqual([false, false, true]);
  });

  it('does nothing while there is no desired state yet', async () => {
    const t = setup();
    stop = () => t.loop.stop();
    t.setInputs(undefined);
    t.loop.start();
    await sleep(30);
    await t.loop.whenIdle();
    expect(t.loop.runs).toBe(0);
    expect(t.host.bridges).toEqual([]);
  });
});

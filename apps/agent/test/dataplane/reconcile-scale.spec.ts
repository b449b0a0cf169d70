import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { qvoName } from '@muon/agent-domain';
import { runCommand } from '../../src/dataplane/process/run-command.js';
import { describeDataplane } from '../support/dataplane-availability.js';
import { NetworkScenario } from '../support/network-scenario.js';
import type { SimulatedHost } from '../support/simulated-host.js';
import { TestRun } from '../support/test-run.js';

const STEP = 240000;
const PORTS = Number(process.env.MUON_AGENT_SCALE_PORTS ?? 100);
const suite = describeDataplane() === 'run' ? describe : describe.skip;

/** Many VM interfaces on one host: how long binding them takes, and what an idle or cold resync costs. */
suite(`agent reconcile with ${PORTS} VM ports (real OVS)`, () => {
  const run = new TestRun();
  const s = new NetworkScenario();
  const nets = [s.network('scla', 2001), s.network('sclb', 2002)];
  const subs = [s.subnet(nets[0]!, '203.0.113.0/24', '203.0.113.1'), s.subnet(nets[1]!, '203.0.113.0/24', '203.0.113.1')];
  s.port('dhcpa', nets[0]!, subs[0]!, '203.0.113.2', 'hostA', 'network:dhcp');
  s.port('dhcpb', nets[1]!, subs[1]!, '203.0.113.2', 'hostA', 'network:dhcp');
  const vms = Array.from({ length: PORTS }, (_, i) => s.port('vm', nets[i % 2]!, subs[i % 2]!, `203.0.113.${10 + Math.floor(i / 2)}`, 'hostA'));
  let host: SimulatedHost;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    host = await run.host('hostA');
    await host.reconcile(s.inputs(host.config));
    // Nova plugs every VM: a veth per VM, both ends in the host namespace, which sends no packets
    // (IPv6 off there: no router solicitations from 2 x ${PORTS} links), one isolated ovs-vsctl plug for all.
    await host.exec(['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    const batch = vms.flatMap((p, i) => [`link add ${qvoName(p.id)} type veth peer name vmx${i}`, `link set ${qvoName(p.id)} up`, `link set vmx${i} up`]);
    await runCommand('ip', ['-n', host.hostNamespace, '-batch', '-'], { input: `${batch.join('\n')}\n`, timeoutMs: 120000 });
    const started = performance.now();
    for (let i = 0; i < vms.length; i += 250) {
      await host.ovs.vsctl(vms.slice(i, i + 250).flatMap((p) => ['--', 'add-port', 'br-int', qvoName(p.id), 'tag=4095', '--', 'set', 'Interface', qvoName(p.id),
        `external_ids:iface-id=${p.id}`, `external_ids:attached-mac=${p.mac_address}`, 'external_ids:iface-status=active']));
    }
    timings.novaPlugAll = performance.now() - started;
  }, STEP);

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`scale timings for ${PORTS} ports (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`);
    await run.cleanup();
  }, STEP);

  it(`binds all ${PORTS} plugged ports in one reconcile`, async () => {
    const report = await host.reconcile(s.inputs(host.config));
    timings.bindAll = report.durationMs;
    timings.bindAllPasses = report.passes.length;
    // eslint-disable-next-line no-console
    if (!report.converged) console.log(host.log.map((l) => (l.length > 400 ? `${l.slice(0, 150)} … ${l.slice(-250)}` : l)).join('\n'));
    expect(report.converged).toBe(true);
    expect(Object.values(report.portStatuses).filter((v) => v === 'ACTIVE')).toHaveLength(PORTS + 2);
    const tags = (await host.ovs.vsctl(['--format=csv', '--no-headings', '--columns=tag', 'list', 'Port'])).split('\n').filter((t) => /^\d+$/.test(t));
    expect(new Set(tags)).toEqual(new Set(['1', '2']));
  }, STEP);

  it('an idle pass and a cold resync after an agent restart change nothing', async () => {
    const idle = await host.reconcile(s.inputs(host.config));
    timings.idlePass = idle.durationMs;
    expect(idle.operationCount).toBe(0);
    const t0 = performance.now();
    await host.connect();
    const cold = await host.reconcile(s.inputs(host.config));
    timings.coldResync = performance.now() - t0;
    expect(cold.operationCount).toBe(0);
  }, STEP);
});

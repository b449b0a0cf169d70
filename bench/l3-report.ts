import type { L3Results } from './l3.ts';
import type { LatencySummary } from './stats.ts';

export const L3_START = '<!-- bench:l3:start -->';
export const L3_END = '<!-- bench:l3:end -->';

/** What `--l3` writes to bench-results/<timestamp>-l3.json. */
export interface L3BenchResults {
  schema: 'muon-bench-l3/1';
  startedAt: string;
  finishedAt: string;
  seconds: number;
  quick: boolean;
  machine: { cores: number; cpuModel: string; memoryGb: number; kernel: string; node: string; postgres?: string; nats?: string };
  services: Record<string, number>;
  code?: { commit: string; changedFiles: number };
  l3: L3Results;
}

const fmt = (x: number | undefined, digits = 0) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const sec = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? '–' : `${(ms / 1000).toFixed(2)} s`);
const pp = (s: LatencySummary, digits = 0) => `${fmt(s.p50, digits)} / ${fmt(s.p99, digits)}`;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : undefined; };

/** The generated part of docs/benchmarks.md's "Routers and floating IPs" section. */
export function renderL3Markdown(saved: L3BenchResults): string {
  const r = saved.l3;
  const date = saved.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const m = saved.machine;
  const lines: string[] = [];
  lines.push(`### Latest L3 run — ${date}${r.quick ? ' (quick, reduced counts)' : ''}`, '');
  if (r.skipped) {
    lines.push(`Skipped: ${r.skipped}.`);
    return lines.join('\n');
  }
  const names: Record<string, string> = { floatingIp: '1', bigRouter: '2', resyncBuild: '3 (build)', idle: '3 (idle)', resyncRestart1: '3 (restart 1)', resyncRestart2: '3 (restart 2)' };
  const load = Object.entries(r.machine ?? {}).map(([k, v]) => `${names[k] ?? k}: ${fmt(v.busyPct)} % busy (${fmt(v.othersPct)} % others), load ${fmt(r.load[k], 1)}`).join('; ');
  lines.push(`Machine: ${m.cores} cores (${m.cpuModel.split(' ').slice(0, 2).join(' ')}), ${m.memoryGb} GB RAM, Linux ${m.kernel}; Node ${m.node}, ` +
    `PostgreSQL ${m.postgres ?? '?'}, nats-server ${m.nats ?? '?'}. Private platform (${Object.entries(saved.services).map(([k, v]) => `${k} ×${v}`).join(', ')}) ` +
    `and one agent process (capabilities ${r.host?.capabilities ?? '?'}, bridge mappings ${r.host?.bridgeMappings ?? '?'}) on the same cores. ` +
    `The whole machine during each measure (busy share of all cores, in brackets the share used by processes outside this run; 1-minute load average at its end): ${load}. The run took ${fmt(saved.seconds / 60, 1)} min` +
    `${saved.code ? `; code: commit ${saved.code.commit}${saved.code.changedFiles ? ` plus uncommitted changes in ${saved.code.changedFiles} files under apps/ and libs/` : ''}` : ''}.`, '');

  const f = r.floatingIp;
  const big = r.bigRouter;
  const rs = r.resync;
  lines.push('| measure | result |', '|---|---|');
  if (f) {
    lines.push(`| floating IP associate (PUT port_id) → HTTP from outside answered, ${f.rounds} rounds | p50 **${fmt(f.reachableMs.p50)} ms**, p99 **${fmt(f.reachableMs.p99)} ms** (max ${fmt(f.reachableMs.max)} ms) |`);
  }
  if (big.length) {
    const act = big.map((b) => b.allActiveMs).filter((x): x is number => x !== undefined);
    lines.push(`| router with ${big[0]!.interfaces} interfaces from scratch → all ${big[0]!.interfaces + 1} router ports ACTIVE${big.length > 1 ? ` (median of ${big.length} runs)` : ''} | ` +
      `**${sec(median(act))}** (runs: ${big.map((b) => sec(b.allActiveMs)).join(', ')}) |`);
  }
  if (rs) {
    lines.push(`| first build, ${rs.routers} routers + ${rs.floatingIps} floating IPs through the API → all ACTIVE | **${rs.build.convergedSeconds === undefined ? 'time limit' : `${fmt(rs.build.convergedSeconds, 1)} s`}** (API alone ${fmt(rs.build.apiSeconds, 1)} s) |`);
    if (rs.restarts.length) {
      const each = rs.restarts.map((x) => {
        const changed = x.operations + x.diff.ovs.length + x.diff.routers.length + x.diff.hostLinks.length + x.portRowUpdates;
        return `**${x.timedOut ? 'time limit' : sec(x.readyMs)}**, ${changed === 0 ? 'nothing re-applied' : `**${x.operations} operations applied**, the last ${sec(x.lastOperationMs)} after the spawn`}`;
      });
      lines.push(`| agent re-sync after kill -9 with ${rs.routers} routers / ${rs.floatingIps} floating IPs → /readyz (converged)${rs.restarts.length > 1 ? `, ${rs.restarts.length} restarts` : ''} | ${each.join('; ')} |`);
    }
  }
  lines.push('');

  if (f) {
    lines.push('#### 1. Floating IP associate → reachable from outside', '');
    lines.push('| | p50 ms | p90 ms | p99 ms | max ms |', '|---|---:|---:|---:|---:|');
    const row = (name: string, s: LatencySummary) => lines.push(`| ${name} | ${fmt(s.p50)} | ${fmt(s.p90)} | ${fmt(s.p99)} | ${fmt(s.max)} |`);
    row('PUT port_id → answered', f.associatePutMs);
    row('PUT port_id → `l3.floatingip.status_changed` ACTIVE seen on NATS', f.activeMs);
    row('**PUT port_id → HTTP GET from outside answered by the VM**', f.reachableMs);
    row('PUT port_id null → first GET left unanswered', f.unreachableMs);
    lines.push('', `${f.rounds} rounds after a warm-up round${f.timedOut ? ' (stopped by the time limit)' : ''}, ${f.errors.length} errors${f.errors.length ? ` (${f.errors.join('; ')})` : ''}. ` +
      `The VM saw the client as ${f.seenClient ?? '?'} (DNAT only). Agent passes with changes during the rounds: ${f.agentPasses.count} (${f.agentPasses.operations} operations, p50 ${fmt(f.agentPasses.ms.p50)} ms each). ` +
      `Router deleted → qrouter namespace gone: ${sec(f.routerRemovalMs)}.`, '');
    if (f.slowRounds?.length) {
      lines.push('Rounds over 3 s:', '');
      for (const x of f.slowRounds) lines.push(`- round ${x.round}, ${x.phase} sent ${x.sentAt}: took ${x.ms === undefined ? 'over the limit' : sec(x.ms)}; l3's \`floatingip.updated\` seen on NATS ${x.updatedEventMs === undefined ? 'never' : `after ${x.updatedEventMs} ms`}`);
      lines.push('');
    }
  }
  if (big.length) {
    lines.push(`#### 2. A router with ${big[0]!.interfaces} interfaces from scratch`, '');
    lines.push('| run | router POST | add_router_interface p50 / p99 | API done | all router ports ACTIVE | qr- addresses in the namespace | agent passes (operations) | teardown: `l3.router.deleted` seen / namespace gone |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|');
    big.forEach((b, i) => lines.push(`| ${i + 1} | ${fmt(b.routerPostMs)} ms | ${pp(b.addInterfaceMs)} ms | ${sec(b.apiMs)} | ${b.timedOut ? `time limit (${b.activePorts} ACTIVE)` : sec(b.allActiveMs)} | ${sec(b.addressesMs)} | ` +
      `${b.agentPasses.count} (${b.agentPasses.operations}) | ${sec(b.teardownEventMs)} / ${sec(b.teardownMs)} |`));
    lines.push('', 'Times from sending the router POST; interfaces are added one at a time, as a script would. Teardown times from the first `remove_router_interface` (20, then DELETE).', '');
  }
  if (rs) {
    lines.push(`#### 3. Agent re-sync with ${rs.routers} routers and ${rs.floatingIps} floating IPs`, '');
    const b = rs.build;
    lines.push(`First build (c=${r.config.buildConcurrency}, each worker building whole routers: network, subnet, router with gateway, interface, then ports and floating IPs): ` +
      `API ${fmt(b.apiSeconds, 1)} s (${b.apiErrors} errors${b.errorSamples.length ? `: ${b.errorSamples.join('; ')}` : ''}), all ${b.activeRouterPorts} router ports and ${b.activeFloatingIps} floating IPs ACTIVE ` +
      `${b.convergedSeconds === undefined ? 'not within the time limit' : `${fmt(b.convergedSeconds, 1)} s`} after the first request; ` +
      `${b.agentPasses.count} agent passes with changes (${b.agentPasses.operations} operations, p50 ${fmt(b.agentPasses.ms.p50)} ms, max ${fmt(b.agentPasses.ms.max)} ms). ` +
      `${rs.externalNetworks} VLAN external network(s) on physnet public.`, '');
    if (rs.idleAgentCpuMsPerSecond !== undefined) lines.push(`Idle afterwards, the agent (with its child processes) used ${rs.idleAgentCpuMsPerSecond} ms of CPU per second.`, '');
    if (rs.restarts.length) {
      lines.push('| restart (kill -9, spawn) | dataplane up | registered | /readyz ready | last operation | operations (passes) | operations by kind | differences after | wiring restored | status reports sent |',
        '|---|---:|---:|---:|---:|---:|---|---|---|---|');
      rs.restarts.forEach((x, k) => {
        const kinds = Object.entries(x.operationKinds).map(([kind, n]) => `${kind} ×${n}`).join(', ') || '–';
        const reports = (m: Record<string, number>) => Object.entries(m).map(([st, n]) => `${n} ${st}`).join(', ') || 'none';
        lines.push(`| ${k + 1} | ${sec(x.dataplaneUpMs)} | ${sec(x.registeredMs)} | ${x.timedOut ? 'time limit' : sec(x.readyMs)} | ${sec(x.lastOperationMs)} | ` +
          `${x.operations} (${x.passesWithOperations}) | ${kinds} | ${x.diff.ovs.length} of ${x.compared.ovsRows} OVS rows, ${x.diff.routers.length} of ${x.compared.routers} router namespaces, ${x.diff.hostLinks.length} host links` +
          `${x.portRowUpdates ? `, ${x.portRowUpdates} Port rows updated` : ''} | ${x.restored.routers && x.restored.ovsPorts ? `yes${x.restored.localVlans ? '' : ' (other local VLANs)'}` : `**no** (${[x.restored.routers ? '' : 'router namespaces', x.restored.ovsPorts ? '' : 'OVS ports'].filter(Boolean).join(', ')} differ)`} | ports: ${reports(x.portReports)}; floating IPs: ${reports(x.floatingipReports)} |`);
      });
      lines.push('', 'Times from spawning the agent process. Compared before the kill and once the agent had applied nothing for 6 s after ready: every OVS Port (uuid, tag) and Interface (uuid, ofport) row; in every qrouter namespace ' +
        '`iptables-save -t nat` (counters masked), `ip -o addr` and `ip route`; the host namespace\'s qr-/qg- links with their ifindex. The restarted agent runs at debug level, so it logs every operation it applies.');
      for (const [k, x] of rs.restarts.entries()) {
        if (x.operationsLogged.length) lines.push('', `Restart ${k + 1}: first operation ${sec(x.firstOperationMs)} after the spawn; the first logged: ${x.operationsLogged.slice(0, 3).map((o) => `\`${o.length > 160 ? `${o.slice(0, 160)}…` : o}\``).join(', ')}.`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}

import type { AgentResults } from './agent.ts';

export const AGENT_START = '<!-- bench:agent:start -->';
export const AGENT_END = '<!-- bench:agent:end -->';

const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? '**met**' : '**not met**');
const sec = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);

/** The generated part of docs/benchmarks.md's agent section. */
export function renderAgentMarkdown(r: AgentResults, startedAt: string): string {
  const date = startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const lines: string[] = [];
  lines.push(`### Latest agent run — ${date}${r.quick ? ' (quick, reduced counts)' : ''}`, '');
  if (r.skipped) {
    lines.push(`Skipped: ${r.skipped}.`);
    return lines.join('\n');
  }
  const h = r.host;
  if (h) {
    lines.push(`One host \`${h.name}\`: a private OVS (ovs-vswitchd in namespace \`${h.hostNamespace}\`, netdev datapath), an agent process ` +
      `on the real dataplane (tunnel IP ${h.tunnelIp}, no peers), ${h.networks} networks with DHCP (a qdhcp namespace and a dnsmasq each). ` +
      'VMs are OVS internal ports `qvo…` plugged into the dead VLAN with their iface-id, in one OVSDB transaction each (as os-vif does).', '');
  }
  lines.push('| target (issue 6) | goal | measured | |', '|---|---|---|---|');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.target} | ${t.measured} | ${mark(t.met)} |`);
  lines.push('');

  lines.push('#### Convergence to ACTIVE', '');
  lines.push('Timer start → `status_changed` ACTIVE seen on NATS by the bench (a core subscription to `muon.evt.ipam.port.status_changed`); ' +
    '"recorded" uses the event\'s `occurredAt` instead (ipam\'s clock, when it decided the status; ms resolution). ' +
    `${r.convergence[0]?.concurrency ?? 10} ports in flight; each port is unplugged and deleted once ACTIVE, so the host holds about that many VMs (except the last row).`, '');
  lines.push('"load avg" is the machine\'s 1-minute load average at the end of the phase: on 2 cores, anything above 2 means other work competed.', '');
  lines.push('| variant | ports | errors | p50 ms | p90 ms | p99 ms | max ms | recorded p50 / p99 ms | agent passes with changes (p50 ms each) | load avg |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of r.convergence) {
    lines.push(`| ${c.label} | ${c.completed}/${c.requested}${c.timedOut ? ' (time limit)' : ''} | ${c.errors} | ${fmt(c.toActiveMs.p50)} | ${fmt(c.toActiveMs.p90)} | ${fmt(c.toActiveMs.p99)} | ${fmt(c.toActiveMs.max)} | ` +
      `${fmt(c.toRecordedMs.p50)} / ${fmt(c.toRecordedMs.p99)} | ${c.agentPasses.count} (${fmt(c.agentPasses.ms.p50, 0)}) | ${fmt(c.load1)} |`);
  }
  lines.push('', 'Where the time goes (p50 / p99 ms of each stage, per port):', '');
  const stageNames = [...new Set(r.convergence.flatMap((c) => Object.keys(c.stages)))];
  lines.push(`| stage | ${r.convergence.map((c) => c.label).join(' | ')} |`, `|---|${r.convergence.map(() => '---:').join('|')}|`);
  for (const s of stageNames) lines.push(`| ${s} | ${r.convergence.map((c) => (c.stages[s] ? `${fmt(c.stages[s].p50)} / ${fmt(c.stages[s].p99)}` : '')).join(' | ')} |`);
  lines.push('');

  if (r.population) {
    const p = r.population;
    lines.push(`#### Re-sync with ${p.ports} ports`, '');
    lines.push(`Setting up: ${p.ports} ports bound here through the API in ${fmt(p.apiSeconds, 1)} s (c=20), plugged in ${fmt(p.plugSeconds, 1)} s ` +
      `(transactions of 200), all ACTIVE ${fmt(p.allActiveSeconds, 1)} s after the last plug.`, '');
    lines.push('| restart | dataplane up | registered | ready (converged) | all re-tagged | all ACTIVE in the API | operations (passes) | Port rows changed |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const x of r.restarts) {
      lines.push(`| ${x.label} | ${sec(x.dataplaneUpMs)} | ${sec(x.registeredMs)} | ${sec(x.readyMs)} | ${sec(x.allTaggedMs)} | ${x.timedOut ? 'time limit' : sec(x.allReportedMs)} | ` +
        `${x.operations} (${x.passesWithOperations}) | ${x.portRowUpdates} |`);
    }
    lines.push('', 'Times from spawning the agent process (SIGKILL before). "Ready" is the agent\'s /readyz: snapshot read and a reconcile pass over it ' +
      'converged. The restarted agent reports only statuses that differ from the control plane\'s, so "all ACTIVE" is the later of ready and the ' +
      'last `report_status` naming a port ACTIVE.');
    if (r.idlePass) {
      lines.push('', `One full pass over the converged host (${r.idlePass.vmPorts} VM ports, the agent's Reconciler in the bench process): ` +
        `p50 ${fmt(r.idlePass.ms.p50, 0)} ms (max ${fmt(r.idlePass.ms.max, 0)}); reading the host ${fmt(r.idlePass.readMs.p50, 0)} ms, read + desired + diff ${fmt(r.idlePass.planMs.p50, 0)} ms.`);
    }
    lines.push('');
  }

  if (r.reads.length) {
    lines.push('#### What one pass reads (median ms of 5)', '');
    lines.push(`| read | ${r.reads.map((x) => x.label).join(' | ')} |`, `|---|${r.reads.map(() => '---:').join('|')}|`);
    for (const k of Object.keys(r.reads[0]!.ms)) lines.push(`| ${k} | ${r.reads.map((x) => fmt(x.ms[k])).join(' | ')} |`);
    lines.push('');
  }

  if (r.ovsdb.length) {
    lines.push(`#### OVSDB (libs/ovsdb client, setting Port tags on the ${r.population?.ports ?? '?'}-port br-int; agent stopped)`, '');
    lines.push('| transactions | done | transactions/s | tag updates/s | p50 ms | p99 ms |', '|---|---:|---:|---:|---:|---:|');
    for (const o of r.ovsdb) lines.push(`| ${o.label} | ${o.transactions} | ${fmt(o.transactionsPerSecond, 0)} | ${fmt(o.updatesPerSecond, 0)} | ${fmt(o.latencyMs.p50, 2)} | ${fmt(o.latencyMs.p99, 2)} |`);
    if (r.vsctlMs) lines.push('', `For comparison, \`ovs-vsctl --no-wait set Port … tag=…\` (one process each): p50 ${fmt(r.vsctlMs.p50)} ms, p99 ${fmt(r.vsctlMs.p99)} ms.`);
    lines.push('');
  }
  return lines.join('\n');
}

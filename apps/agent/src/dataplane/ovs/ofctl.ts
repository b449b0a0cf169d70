import type { ActualFlows } from '@muon/agent-domain';
import { runCommand } from '../process/run-command.js';

/** Count and cookies of `ovs-ofctl dump-flows --no-stats` output (a flow without `cookie=` has cookie 0). */
export function summariseFlowDump(dump: string): ActualFlows {
  const cookies = new Set<string>();
  let count = 0;
  for (const line of dump.split('\n')) {
    if (!line.includes('actions=')) continue;
    count++;
    const m = /cookie=0x([0-9a-f]+)/.exec(line);
    cookies.add(m ? m[1]!.replace(/^0+(?=.)/, '') : '0');
  }
  return { count, cookies: [...cookies].sort() };
}

/** ovs-ofctl against one private ovs-vswitchd, by the bridges' management sockets in its run directory. */
export class Ofctl {
  constructor(private readonly runDir: string, private readonly timeoutMs = 20000) {}

  private target(bridge: string): string {
    return `unix:${this.runDir}/${bridge}.mgmt`;
  }

  private get env(): NodeJS.ProcessEnv {
    return { ...process.env, OVS_RUNDIR: this.runDir };
  }

  async dumpFlows(bridge: string): Promise<ActualFlows> {
    return summariseFlowDump(await runCommand('ovs-ofctl', ['dump-flows', '--no-stats', this.target(bridge)], { env: this.env, timeoutMs: this.timeoutMs }));
  }

  /** Atomic (one OpenFlow bundle); the flows come on stdin. */
  async replaceFlows(bridge: string, flows: readonly string[]): Promise<void> {
    await runCommand('ovs-ofctl', ['--bundle', 'replace-flows', this.target(bridge), '-'], { env: this.env, input: `${flows.join('\n')}\n`, timeoutMs: this.timeoutMs });
  }
}

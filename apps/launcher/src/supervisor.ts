import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

interface Managed { label: string; args: string[]; env: NodeJS.ProcessEnv; child?: ChildProcess; restarts: number; stopping: boolean }

/**
 * Runs each service as its own process, logs to .muon/logs/<label>.log, restarts a crashed one
 * with backoff, and stops them all (SIGTERM, then SIGKILL after a grace period) on shutdown.
 */
export class Supervisor {
  private readonly procs: Managed[] = [];
  private stopping = false;

  constructor(private readonly logDir: string, private readonly say: (line: string) => void) {
    mkdirSync(logDir, { recursive: true });
  }

  start(label: string, args: string[], env: NodeJS.ProcessEnv): void {
    const managed: Managed = { label, args, env, restarts: 0, stopping: false };
    this.procs.push(managed);
    this.launch(managed);
  }

  private launch(m: Managed): void {
    const log = createWriteStream(join(this.logDir, `${m.label}.log`), { flags: 'a' });
    const child = spawn(process.execPath, m.args, { env: m.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    m.child = child;
    child.on('exit', (code, signal) => {
      if (this.stopping || m.stopping) return;
      m.restarts += 1;
      const delay = Math.min(30000, 500 * 2 ** Math.min(m.restarts, 6));
      this.say(`${m.label} exited (${signal ?? code}); restarting in ${delay} ms — see ${join(this.logDir, `${m.label}.log`)}`);
      setTimeout(() => { if (!this.stopping) this.launch(m); }, delay).unref();
    });
  }

  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.procs.map((p) => [p.label, p.child?.pid]));
  }

  async stopAll(graceMs = 10000): Promise<void> {
    this.stopping = true;
    const alive = this.procs.filter((p) => p.child && p.child.exitCode === null && p.child.signalCode === null);
    await Promise.all(alive.reverse().map((p) => new Promise<void>((resolve) => {
      const child = p.child!;
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    })));
  }
}

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from './postgres.js';

export interface NatsOptions { dir: string; port: number; monitorPort: number; maxPayload?: number }

/**
 * nats-server ended before it answered its health check, most likely because its port was taken
 * between freePort() choosing it and the server binding it: starting again on other ports helps.
 */
export class NatsExitedEarly extends Error {}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Starts a private nats-server with JetStream, bound to 127.0.0.1, state in opts.dir. */
export async function startNats(opts: NatsOptions): Promise<RunningServer> {
  mkdirSync(opts.dir, { recursive: true });
  const pidFile = join(opts.dir, 'nats.pid');
  const url = `nats://127.0.0.1:${opts.port}`;
  const existing = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
  if (!(existing && pidAlive(existing) && (await healthy(opts.monitorPort)))) {
    const conf = join(opts.dir, 'nats.conf');
    const { writeFileSync } = await import('node:fs');
    // max_payload raised so a chunk of a big list never hits the 1 MB default (lists are paged anyway).
    writeFileSync(conf, `max_payload: ${opts.maxPayload ?? 8 * 1024 * 1024}\n`);
    const out = openSync(join(opts.dir, 'nats.log'), 'a');
    const child = spawn('nats-server', ['-c', conf, '-a', '127.0.0.1', '-p', String(opts.port), '-m', String(opts.monitorPort),
      '-js', '-sd', join(opts.dir, 'js'), '-P', pidFile], { stdio: ['ignore', out, out], detached: true });
    let exitCode: number | string | null = null;
    child.once('exit', (code, signal) => { exitCode = code ?? signal ?? 'unknown'; });
    child.unref();
    // Generous: on a machine busy with other test files, JetStream's start can take a while.
    const deadline = Date.now() + 60000;
    while (!(await healthy(opts.monitorPort))) {
      if (exitCode !== null) throw new NatsExitedEarly(`nats-server exited (${exitCode}) before it was healthy, see ${join(opts.dir, 'nats.log')}`);
      if (Date.now() > deadline) throw new Error(`nats-server did not become healthy, see ${join(opts.dir, 'nats.log')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      if (!existsSync(pidFile)) return;
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      if (!pid || !pidAlive(pid)) return;
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 10000;
      while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Never leave a server behind: it is ours (its pid file), so end it outright if it lingers.
      if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
    },
  };
}

async function healthy(monitorPort: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${monitorPort}/healthz?js-enabled-only=true`);
    return r.ok;
  } catch {
    return false;
  }
}

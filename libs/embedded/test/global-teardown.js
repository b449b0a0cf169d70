import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { postgresBinDir } from '../dist/index.js';

export default async function globalTeardown() {
  const file = join(process.cwd(), '.muon-test', 'servers.json');
  if (!existsSync(file)) return;
  const state = JSON.parse(readFileSync(file, 'utf8'));
  if (state.nats && existsSync(join(state.nats, 'nats.pid'))) {
    const pid = Number(readFileSync(join(state.nats, 'nats.pid'), 'utf8'));
    try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  if (state.pg) {
    spawnSync('runuser', ['-u', 'postgres', '--', join(postgresBinDir(), 'pg_ctl'), '-D', join(state.pg, 'data'), '-m', 'immediate', '-w', 'stop']);
  }
}

// Stops exactly the servers this run's global setup started (by pid file / data dir), then
// removes the run's directory.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { postgresBinDir } from '../dist/index.js';

export default async function globalTeardown() {
  const runDir = process.env.MUON_TEST_RUN_DIR;
  if (!runDir || !existsSync(join(runDir, 'servers.json'))) return;
  const state = JSON.parse(readFileSync(join(runDir, 'servers.json'), 'utf8'));
  if (state.nats && existsSync(join(state.nats, 'nats.pid'))) {
    const pid = Number(readFileSync(join(state.nats, 'nats.pid'), 'utf8'));
    try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  if (state.pg) {
    const pgCtl = join(postgresBinDir(), 'pg_ctl');
    const args = ['-D', join(state.pg, 'data'), '-m', 'immediate', '-w', 'stop'];
    if (userInfo().uid === 0) spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args]);
    else spawnSync(pgCtl, args);
  }
  rmSync(runDir, { recursive: true, force: true });
}

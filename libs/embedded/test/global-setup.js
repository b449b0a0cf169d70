// Starts one private PostgreSQL and one NATS (JetStream) for the whole Jest run, unless the
// environment already names servers. Each run gets its own directory, so concurrent runs on one
// machine never share (or delete) each other's servers. Tests create their own schemas and streams.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startNats, startPostgres } from '../dist/index.js';

export default async function globalSetup() {
  const runDir = join(process.cwd(), '.muon-test', `run-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  process.env.MUON_TEST_RUN_DIR = runDir;
  const state = {};
  if (!process.env.TEST_DATABASE_URL) {
    const pg = await startPostgres({ dir: join(runDir, 'pg'), port: await freePort(), database: 'muon_test' });
    process.env.TEST_DATABASE_URL = pg.url;
    state.pg = join(runDir, 'pg');
  }
  if (!process.env.TEST_NATS_URL) {
    const nats = await startNats({ dir: join(runDir, 'nats'), port: await freePort(), monitorPort: await freePort() });
    process.env.TEST_NATS_URL = nats.url;
    state.nats = join(runDir, 'nats');
  }
  writeFileSync(join(runDir, 'servers.json'), JSON.stringify(state));
}

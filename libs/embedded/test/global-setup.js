// Starts one private PostgreSQL and one NATS (JetStream) for the whole Jest run, unless the
// environment already names servers. Tests create their own databases / schemas / streams.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startNats, startPostgres } from '../dist/index.js';

export default async function globalSetup() {
  const root = join(process.cwd(), '.muon-test');
  const state = {};
  if (!process.env.TEST_DATABASE_URL) {
    rmSync(join(root, 'pg'), { recursive: true, force: true });
    const pg = await startPostgres({ dir: join(root, 'pg'), port: await freePort(), database: 'muon_test' });
    process.env.TEST_DATABASE_URL = pg.url;
    state.pg = join(root, 'pg');
  }
  if (!process.env.TEST_NATS_URL) {
    rmSync(join(root, 'nats'), { recursive: true, force: true });
    const nats = await startNats({ dir: join(root, 'nats'), port: await freePort(), monitorPort: await freePort() });
    process.env.TEST_NATS_URL = nats.url;
    state.nats = join(root, 'nats');
  }
  writeFileSync(join(root, 'servers.json'), JSON.stringify(state));
}

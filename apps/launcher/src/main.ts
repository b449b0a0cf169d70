// npm start: the whole platform on one machine. Starts a private PostgreSQL and NATS (JetStream)
// under .muon/ unless DATABASE_URL / NATS_URL name existing ones, then every service as its own
// process, writes .muon/openrc and waits until the API is ready.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_NODE_FLAGS, startNats, startPostgres, type RunningServer } from '@muon/embedded';
import { SERVICES } from './services.js';
import { Supervisor } from './supervisor.js';
import { adminPasswordKeptIn, writeOpenrc } from './openrc.js';

const root = resolve(process.env.MUON_HOME ?? '.');
const state = join(root, '.muon');
const say = (line: string) => process.stdout.write(`\x1b[1mmuon\x1b[0m ${line}\n`);
mkdirSync(state, { recursive: true });

const pidFile = join(state, 'launcher.pid');
if (existsSync(pidFile)) {
  const other = Number(readFileSync(pidFile, 'utf8'));
  try { process.kill(other, 0); say(`already running (pid ${other}); stop it with npm stop`); process.exit(1); } catch { /* stale */ }
}
writeFileSync(pidFile, String(process.pid));

const env: NodeJS.ProcessEnv = { ...process.env };
const embedded: RunningServer[] = [];
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

if (!env.DATABASE_URL) {
  say('starting the embedded PostgreSQL (.muon/pg)');
  const pg = await startPostgres({ dir: join(state, 'pg'), port: port('MUON_EMBEDDED_PG_PORT', 5433), database: 'muon' });
  embedded.push(pg);
  env.DATABASE_URL = pg.url;
}
if (!env.NATS_URL) {
  say('starting the embedded NATS with JetStream (.muon/nats)');
  const nats = await startNats({ dir: join(state, 'nats'), port: port('MUON_EMBEDDED_NATS_PORT', 4223), monitorPort: port('MUON_EMBEDDED_NATS_MONITOR_PORT', 8223) });
  embedded.push(nats);
  env.NATS_URL = nats.url;
}

// npm start authenticates with the built-in identity unless told otherwise (tests use noauth).
env.MUON_AUTH_MODE ??= 'builtin';
if (env.MUON_AUTH_MODE === 'builtin') env.MUON_ADMIN_PASSWORD ??= adminPasswordKeptIn(join(state, 'admin-password'));

// The embedded agent's dataplane (real OVS when root, else in-memory) stops with npm stop.
env.MUON_AGENT_TEARDOWN_ON_EXIT ??= 'true';

const supervisor = new Supervisor(join(state, 'logs'), say);
let healthPort = port('MUON_HEALTH_PORT_BASE', 9700);
const apiHost = env.MUON_API_HOST ?? '127.0.0.1';
const apiPort = port('MUON_API_PORT', 9696);
for (const service of SERVICES) {
  const replicas = Number((service.replicasVar && env[service.replicasVar]) ?? service.defaultReplicas);
  for (let i = 0; i < replicas; i++) {
    const label = replicas > 1 ? `${service.name}-${i + 1}` : service.name;
    const dist = join(root, 'apps', service.name, 'dist');
    // Each API replica needs its own port; the first keeps the well-known 9696.
    const serviceEnv = { ...env, MUON_HEALTH_PORT: String(healthPort++), MUON_API_PORT: String(apiPort + i) };
    supervisor.start(label, [...SERVICE_NODE_FLAGS, '--enable-source-maps', '--import', join(dist, 'tracing.js'), join(dist, 'main.js')], serviceEnv);
  }
}

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  say(`${signal}: stopping services`);
  await supervisor.stopAll();
  for (const server of embedded.reverse()) await server.stop().catch((err) => say(`stop failed: ${err}`));
  rmSync(pidFile, { force: true });
  say('stopped; state is kept in .muon/ for the next start');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const apiUrl = `http://${apiHost}:${apiPort}`;
const deadline = Date.now() + 120000;
for (;;) {
  try {
    const r = await fetch(`${apiUrl}/readyz`);
    if (r.ok) break;
  } catch { /* not listening yet */ }
  if (Date.now() > deadline) { say(`the API did not become ready; see ${join(state, 'logs')}`); await shutdown('timeout'); }
  await new Promise((r) => setTimeout(r, 250));
}
writeOpenrc(join(state, 'openrc'), { apiUrl, authMode: env.MUON_AUTH_MODE, adminPassword: env.MUON_ADMIN_PASSWORD, keystoneUrl: env.MUON_KEYSTONE_URL });
writeFileSync(join(state, 'pids.json'), JSON.stringify(supervisor.pids(), null, 2));
say(`ready: Neutron API at ${apiUrl} (OpenAPI ${apiUrl}/openapi.json)`);
say(`use the openstack CLI: source ${join(state, 'openrc')} && openstack network list`);
say('logs in .muon/logs/; stop with Ctrl-C or npm stop');

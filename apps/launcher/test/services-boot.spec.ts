import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { freePort } from '@muon/embedded';

const repo = join(import.meta.dirname, '..', '..', '..');
// l3 has resources and a database now: its own tests boot it (apps/api/test/routers.spec.ts and others).
const PLACEHOLDERS = ['lbaas', 'firewall', 'agent'] as const;

async function waitFor<T>(probe: () => Promise<T>, ms = 60000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try { return await probe(); } catch (err) { if (Date.now() > deadline) throw err; }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('services without resources yet', () => {
  const children: ChildProcess[] = [];
  const ports: Record<string, number> = {};
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: process.env.TEST_NATS_URL });
    for (const name of PLACEHOLDERS) {
      ports[name] = await freePort();
      const dist = join(repo, 'apps', name, 'dist');
      children.push(spawn(process.execPath, ['--import', join(dist, 'tracing.js'), join(dist, 'main.js')], {
        // The agent alone, without its control plane or a dataplane (agents.spec.ts and the dataplane tests have those).
        env: { ...process.env, NATS_URL: process.env.TEST_NATS_URL, MUON_HEALTH_PORT: String(ports[name]), MUON_AGENT_DATAPLANE: 'off' },
        stdio: 'ignore',
      }));
    }
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await nc.close();
  });

  it.each(PLACEHOLDERS)('%s boots, answers /healthz and /readyz and replies to its NATS health ping', async (name) => {
    const health = await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${ports[name]}/healthz`);
      if (!r.ok) throw new Error(String(r.status));
      return r.json() as Promise<{ service: string }>;
    });
    expect(health.service).toBe(name);
    const ready = await fetch(`http://127.0.0.1:${ports[name]}/readyz`);
    expect(ready.status).toBe(200);
    const reply = await waitFor(() => nc.request(`muon.health.${name}`, new Uint8Array(), { timeout: 1000 }));
    expect(JSON.parse(new TextDecoder().decode(reply.data))).toMatchObject({ service: name, ready: true });
    const metrics = await (await fetch(`http://127.0.0.1:${ports[name]}/metrics`)).text();
    expect(metrics).toContain(`service="${name}"`);
  }, 90000);
});

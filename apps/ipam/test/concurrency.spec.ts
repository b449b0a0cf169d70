/**
 * The hot path under concurrency, with two IPAM replicas sharing the load through the NATS queue
 * group: no address or MAC is ever given twice, nothing acknowledged is lost, nothing unacknowledged
 * appears, and a full subnet says so with Neutron's 409 rather than by failing otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { TestPlatform, type ServiceInstance } from '@muon/embedded';

const platform = new TestPlatform({
  repoRoot: join(import.meta.dirname, '..', '..', '..'),
  postgresUrl: process.env.TEST_DATABASE_URL!,
  services: { ipam: 2, api: 1 },
  // 2,000 ports in one project: more than Neutron's default port quota (quotas.spec.ts tests quotas).
  serviceEnv: { ipam: { MUON_QUOTA_DEFAULTS: 'port=-1' } },
});

beforeAll(async () => { await platform.start(); }, 60_000);
afterAll(async () => { await platform.stop(); });

interface Port { id: string; mac_address: string; fixed_ips: { subnet_id: string; ip_address: string }[] }
const PROJECT = 'concurrency';

async function create<T>(collection: string, body: unknown): Promise<T> {
  const res = await platform.request('POST', `/v2.0/${collection}`, body, { project: PROJECT });
  if (res.status !== 201) throw new Error(`POST /v2.0/${collection} answered ${res.status}: ${await res.text()}`);
  return Object.values(await res.json() as Record<string, T>)[0]!;
}

async function networkWithSubnet(cidr: string): Promise<{ networkId: string; subnetId: string }> {
  const network = await create<{ id: string }>('networks', { network: { name: `net ${cidr}` } });
  const subnet = await create<{ id: string }>('subnets', { subnet: { network_id: network.id, cidr, ip_version: 4 } });
  return { networkId: network.id, subnetId: subnet.id };
}

/** Runs `total` tasks with at most `clients` at once, as that many clients each sending one request after another. */
async function withClients<T>(total: number, clients: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total) {
      const i = next++;
      results[i] = await task(i);
    }
  }));
  return results;
}

/** muon_requests_total{operation, outcome} of one process, from its /metrics. */
async function requestsCounted(inst: ServiceInstance, operation: string, outcome: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${inst.healthPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('muon_requests_total{') && l.includes(`operation="${operation}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

describe('port creates from many clients on two IPAM replicas', () => {
  it('gives 2,000 ports from 50 clients on one /20 distinct addresses and MACs, and lists exactly the acknowledged ones', async () => {
    const { networkId, subnetId } = await networkWithSubnet('10.64.0.0/20');
    const ipam = platform.instances.filter((i) => i.name === 'ipam');
    const okBefore = await Promise.all(ipam.map((i) => requestsCounted(i, 'port.create', 'ok')));

    const started = performance.now();
    const outcomes = await withClients(2000, 50, async (i) => {
      const t0 = performance.now();
      const res = await platform.request('POST', '/v2.0/ports', { port: { network_id: networkId, name: `p${i}` } }, { project: PROJECT });
      const text = await res.text();
      return { status: res.status, text, ms: performance.now() - t0 };
    });
    const elapsedMs = performance.now() - started;

    const failures = outcomes.filter((o) => o.status !== 201);
    expect(failures.map((f) => `${f.status} ${f.text.slice(0, 200)}`)).toEqual([]);
    const ports = outcomes.map((o) => (JSON.parse(o.text) as { port: Port }).port);

    // Every acknowledged port has one address of the subnet, and no address or MAC is given twice.
    expect(ports.every((p) => p.fixed_ips.length === 1 && p.fixed_ips[0]!.subnet_id === subnetId)).toBe(true);
    const ips = ports.map((p) => p.fixed_ips[0]!.ip_address);
    expect(ips.every((ip) => /^10\.64\.(\d|1[0-5])\.\d{1,3}$/.test(ip) && ip !== '10.64.0.0' && ip !== '10.64.0.1' && ip !== '10.64.15.255')).toBe(true);
    expect(new Set(ips).size).toBe(2000);
    expect(new Set(ports.map((p) => p.mac_address)).size).toBe(2000);

    // The network's ports are exactly the acknowledged ones: none lost, none extra, and as acknowledged.
    const listed = (await (await platform.request('GET', `/v2.0/ports?network_id=${networkId}`, undefined, { project: PROJECT })).json() as { ports: Port[] }).ports;
    expect(listed.map((p) => p.id).sort()).toEqual(ports.map((p) => p.id).sort());
    const byId = new Map(listed.map((p) => [p.id, p]));
    expect(ports.every((p) => byId.get(p.id)!.mac_address === p.mac_address && byId.get(p.id)!.fixed_ips[0]!.ip_address === p.fixed_ips[0]!.ip_address)).toBe(true);

    // Both replicas took a share of the creates, and together exactly the 2,000 acknowledged.
    const okAfter = await Promise.all(ipam.map((i) => requestsCounted(i, 'port.create', 'ok')));
    const handled = okAfter.map((n, i) => n - okBefore[i]!);
    expect(handled.every((n) => n > 0)).toBe(true);
    expect(handled.reduce((a, b) => a + b, 0)).toBe(2000);

    const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    process.stderr.write(
      `2,000 port creates, 50 clients, 2 ipam replicas: ${(elapsedMs / 1000).toFixed(1)} s, ${(2000 / (elapsedMs / 1000)).toFixed(0)} creates/s, ` +
      `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, per replica ${handled.join(' / ')}\n`,
    );
  }, 180_000);

  it('gives exactly 5 of 30 concurrent creates on a /29 an address; the rest answer 409 IpAddressGenerationFailure', async () => {
    const { networkId } = await networkWithSubnet('10.65.0.0/29');
    const outcomes = await Promise.all(Array.from({ length: 30 }, async () => {
      const res = await platform.request('POST', '/v2.0/ports', { port: { network_id: networkId } }, { project: PROJECT });
      return { status: res.status, body: await res.json() as { port?: Port; NeutronError?: { type: string } } };
    }));

    const created = outcomes.filter((o) => o.status === 201).map((o) => o.body.port!);
    const refused = outcomes.filter((o) => o.status !== 201);
    expect(created).toHaveLength(5);
    expect(refused.map((o) => `${o.status} ${o.body.NeutronError?.type}`)).toEqual(Array(25).fill('409 IpAddressGenerationFailure'));
    expect(created.map((p) => p.fixed_ips[0]!.ip_address).sort()).toEqual(['10.65.0.2', '10.65.0.3', '10.65.0.4', '10.65.0.5', '10.65.0.6']);
    expect(new Set(created.map((p) => p.mac_address)).size).toBe(5);

    const listed = (await (await platform.request('GET', `/v2.0/ports?network_id=${networkId}`, undefined, { project: PROJECT })).json() as { ports: Port[] }).ports;
    expect(listed.map((p) => p.id).sort()).toEqual(created.map((p) => p.id).sort());
  }, 60_000);
});

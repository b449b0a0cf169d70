/**
 * (An integration test of the whole platform, kept beside the batching code it covers.)
 * Port creates in group commit: concurrent creates share transactions, and each still gets the
 * answer it would get alone — a failing create fails by itself, leaves no reservation behind and
 * changes nothing for the others; quotas stay exact; a rebuild gives back the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { TestPlatform } from '@muon/embedded';
import { dumpReadModels, runRebuildCommand } from './support/ipam-tables.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
// One replica, so that concurrent creates meet in its batches.
const platform = new TestPlatform({ repoRoot, postgresUrl: process.env.TEST_DATABASE_URL!, services: { ipam: 1, api: 1 } });
let db: pg.Client;

beforeAll(async () => {
  await platform.start();
  db = new pg.Client({ connectionString: platform.databaseUrl });
  await db.connect();
}, 60_000);
afterAll(async () => {
  await db?.end();
  await platform.stop();
});

interface Port { id: string; mac_address: string; fixed_ips: { subnet_id: string; ip_address: string }[] }
type Answer = { status: number; body: { port?: Port; NeutronError?: { type: string } } };

async function post(path: string, body: unknown, project: string, roles = 'member'): Promise<Answer> {
  const res = await platform.request('POST', path, body, { project, roles });
  return { status: res.status, body: await res.json() as Answer['body'] };
}

async function networkWithSubnet(project: string, cidr: string, subnetAttributes: Record<string, unknown> = {}): Promise<{ networkId: string; subnetId: string }> {
  const network = await post('/v2.0/networks', { network: { name: `batches ${cidr}` } }, project);
  const subnet = await post('/v2.0/subnets', { subnet: { network_id: (network.body as { network: { id: string } }).network.id, cidr, ip_version: 4, ...subnetAttributes } }, project);
  return { networkId: (network.body as { network: { id: string } }).network.id, subnetId: (subnet.body as unknown as { subnet: { id: string } }).subnet.id };
}

const outcome = (a: Answer) => (a.status === 201 ? '201' : `${a.status} ${a.body.NeutronError?.type}`);

describe('port creates in batches', () => {
  it('answers each create of a mixed burst as if it ran alone, and leaves no reservation of a failed one', async () => {
    const project = 'batches-mixed';
    // The addresses asked for by name (.10, .20) lie outside the pool, so no automatic address takes them first.
    const { networkId, subnetId } = await networkWithSubnet(project, '10.70.0.0/24', { allocation_pools: [{ start: '10.70.0.100', end: '10.70.0.254' }] });
    const first = await post('/v2.0/ports', { port: { network_id: networkId, mac_address: 'fa:16:3e:aa:bb:cc', fixed_ips: [{ subnet_id: subnetId, ip_address: '10.70.0.10' }] } }, project);
    expect(first.status).toBe(201);

    const kinds: { kind: string; body: Record<string, unknown> }[] = [
      ...Array.from({ length: 40 }, (_, i) => ({ kind: 'good', body: { network_id: networkId, name: `good-${i}` } })),
      ...Array.from({ length: 5 }, () => ({ kind: 'no network', body: { network_id: randomUUID() } })),
      ...Array.from({ length: 5 }, () => ({ kind: 'mac in use', body: { network_id: networkId, mac_address: 'fa:16:3e:aa:bb:cc' } })),
      ...Array.from({ length: 5 }, () => ({ kind: 'ip in use', body: { network_id: networkId, fixed_ips: [{ subnet_id: subnetId, ip_address: '10.70.0.10' }] } })),
      ...Array.from({ length: 5 }, () => ({ kind: 'bad mac', body: { network_id: networkId, mac_address: '01:00:5e:00:00:01' } })),
      // Two creates after one new address: exactly one gets it.
      ...Array.from({ length: 2 }, () => ({ kind: 'same ip', body: { network_id: networkId, fixed_ips: [{ subnet_id: subnetId, ip_address: '10.70.0.20' }] } })),
      // A missing network outranks a MAC in use, as one create alone would find them; a multicast MAC is refused by ipam.
      { kind: 'no network, mac in use', body: { network_id: randomUUID(), mac_address: 'fa:16:3e:aa:bb:cc' } },
    ];
    // Shuffled, so the failing creates sit in the middle of batches.
    const order = kinds.map((k, i) => ({ k, key: (i * 7919) % kinds.length })).sort((a, b) => a.key - b.key).map((x) => x.k);
    const answers = await Promise.all(order.map(async ({ kind, body }) => ({ kind, answer: await post('/v2.0/ports', { port: body }, project) })));
    const by = (kind: string) => answers.filter((a) => a.kind === kind).map((a) => outcome(a.answer));

    expect(by('good')).toEqual(Array(40).fill('201'));
    expect(by('no network')).toEqual(Array(5).fill('404 NetworkNotFound'));
    expect(by('mac in use')).toEqual(Array(5).fill('409 MacAddressInUse'));
    expect(by('ip in use')).toEqual(Array(5).fill('409 IpAddressAlreadyAllocated'));
    expect(by('bad mac')).toEqual(Array(5).fill('400 HTTPBadRequest'));
    expect(by('same ip').sort()).toEqual(['201', '409 IpAddressAlreadyAllocated']);
    expect(by('no network, mac in use')).toEqual(['404 NetworkNotFound']);

    const created = [first, ...answers.map((a) => a.answer)].filter((a) => a.status === 201).map((a) => a.body.port!);
    expect(created).toHaveLength(42);
    expect(new Set(created.map((p) => p.fixed_ips[0]!.ip_address)).size).toBe(42);
    expect(new Set(created.map((p) => p.mac_address)).size).toBe(42);

    // Every reservation belongs to an acknowledged port, and every acknowledged port has its own.
    const { rows: macs } = await db.query<{ port_id: string; mac: string }>('select port_id::text, mac_address::text as mac from ipam.mac_allocations where network_id = $1', [networkId]);
    const { rows: ips } = await db.query<{ port_id: string; ip: string }>('select port_id::text, host(ip_address) as ip from ipam.ip_allocations where subnet_id = $1', [subnetId]);
    expect(macs.map((r) => `${r.port_id} ${r.mac}`).sort()).toEqual(created.map((p) => `${p.id} ${p.mac_address}`).sort());
    expect(ips.map((r) => `${r.port_id} ${r.ip}`).sort()).toEqual(created.map((p) => `${p.id} ${p.fixed_ips[0]!.ip_address}`).sort());

    // The burst did share transactions (else this test proves nothing about batches).
    const { rows: [shared] } = await db.query<{ n: number }>(
      `select count(*)::int as n from (select transaction_id from ipam.events where type = 'ipam.port.created' and data->'port'->>'network_id' = $1
         group by transaction_id having count(*) > 1) t`, [networkId]);
    expect(shared!.n).toBeGreaterThan(0);

    // Read models from the log alone are the same rows.
    const before = await dumpReadModels(platform.databaseUrl);
    await runRebuildCommand(repoRoot, platform.databaseUrl);
    expect(await dumpReadModels(platform.databaseUrl)).toEqual(before);
  }, 120_000);

  it('keeps a port quota exact when a burst of one project shares batches', async () => {
    const project = 'batches-quota';
    const { networkId } = await networkWithSubnet(project, '10.71.0.0/24');
    const set = await platform.request('PUT', `/v2.0/quotas/${project}`, { quota: { port: 7 } }, { project: 'admin-project', roles: 'admin' });
    expect(set.status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 30 }, () => post('/v2.0/ports', { port: { network_id: networkId } }, project)));
    expect(answers.map(outcome).sort()).toEqual([...Array(7).fill('201'), ...Array(23).fill('409 OverQuota')]);
    const listed = await (await platform.request('GET', `/v2.0/ports?network_id=${networkId}`, undefined, { project })).json() as { ports: Port[] };
    expect(listed.ports).toHaveLength(7);
  }, 60_000);

  it('never leaves a port on a network or an address on a subnet deleted while creates were under way', async () => {
    const project = 'batches-deletes';
    for (let round = 0; round < 6; round++) {
      const { networkId, subnetId } = await networkWithSubnet(project, `10.72.${round}.0/24`);
      // The delete goes out among the creates (first in rounds 0 and 1, then later and later): odd
      // rounds delete the subnet (allowed only while no port holds an address from it), even ones the network.
      const create = () => post('/v2.0/ports', { port: { network_id: networkId } }, project);
      const before = Array.from({ length: Math.floor(round / 2) * 10 }, create);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(round / 2) * 4));
      const deleting = platform.request('DELETE', round % 2 ? `/v2.0/subnets/${subnetId}` : `/v2.0/networks/${networkId}`, undefined, { project });
      const after = Array.from({ length: 30 - before.length }, create);
      const deleted = await deleting;
      const answers = await Promise.all([...before, ...after]);
      const created = answers.filter((a) => a.status === 201).map((a) => a.body.port!);
      const { rows: [held] } = await db.query<{ ips: number; macs: number; ports: number }>(
        `select (select count(*)::int from ipam.ip_allocations where subnet_id = $2) as ips,
                (select count(*)::int from ipam.mac_allocations where network_id = $1) as macs,
                (select count(*)::int from ipam.ports where body->>'network_id' = $1::text) as ports`, [networkId, subnetId]);
      if (round % 2 === 0) {
        if (deleted.status === 204) {
          expect(answers.map(outcome).filter((o) => o !== '404 NetworkNotFound')).toEqual([]);
          expect(held).toEqual({ ips: 0, macs: 0, ports: 0 });
        } else {
          expect(deleted.status).toBe(409);
          expect(held).toEqual({ ips: created.length, macs: created.length, ports: created.length });
        }
      } else if (deleted.status === 204) {
        // Creates after the delete get a port without an address; none kept one from the subnet.
        expect(answers.map(outcome).filter((o) => o !== '201')).toEqual([]);
        expect(created.filter((p) => p.fixed_ips.some((f) => f.subnet_id === subnetId))).toEqual([]);
        expect(held).toMatchObject({ ips: 0, ports: created.length });
      } else {
        expect(deleted.status).toBe(409);
        expect(held).toMatchObject({ ips: created.filter((p) => p.fixed_ips.length > 0).length, ports: created.length });
      }
    }
  }, 120_000);
});

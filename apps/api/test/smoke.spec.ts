import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { TestPlatform } from '@muon/embedded';

const platform = new TestPlatform({ repoRoot: join(import.meta.dirname, '..', '..', '..'), postgresUrl: process.env.TEST_DATABASE_URL! });

beforeAll(async () => { await platform.start(); }, 60000);
afterAll(async () => { await platform.stop(); });

describe('the platform end to end', () => {
  it('creates a network, a subnet and a port through the gateway and the owner, and lists them', async () => {
    const net = await (await platform.request('POST', '/v2.0/networks', { network: { name: 'smoke' } })).json() as { network: { id: string } };
    const subnetRes = await platform.request('POST', '/v2.0/subnets', { subnet: { network_id: net.network.id, cidr: '203.0.113.0/28', ip_version: 4 } });
    expect(subnetRes.status).toBe(201);
    const portRes = await platform.request('POST', '/v2.0/ports', { port: { network_id: net.network.id } });
    expect(portRes.status).toBe(201);
    const port = (await portRes.json() as { port: { fixed_ips: { ip_address: string }[]; status: string } }).port;
    expect(port.status).toBe('DOWN');
    expect(port.fixed_ips[0]!.ip_address).toMatch(/^203\.0\.113\.([2-9]|1[0-4])$/);
    const list = await (await platform.request('GET', `/v2.0/ports?network_id=${net.network.id}`)).json() as { ports: unknown[] };
    expect(list.ports).toHaveLength(1);
  });
});

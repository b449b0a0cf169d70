import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestPlatform } from '@muon/embedded';

const run = promisify(execFile);
const platform = new TestPlatform({ repoRoot: join(import.meta.dirname, '..', '..', '..'), postgresUrl: process.env.TEST_DATABASE_URL! });

/** The real `openstack` CLI (Debian's python3-openstackclient) against this platform, noauth mode. */
async function openstack(...args: string[]): Promise<unknown> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, OS_AUTH_TYPE: 'none', OS_ENDPOINT: platform.apiUrl, OS_NETWORK_ENDPOINT_OVERRIDE: platform.apiUrl };
  // Only commands that print a resource take -f json (set and delete print nothing).
  const formatted = ['create', 'list', 'show'].includes(args[1]!) ? [...args, '-f', 'json'] : args;
  const { stdout } = await run('openstack', formatted, { env, timeout: 60000 });
  return stdout.trim() ? JSON.parse(stdout) : null;
}

beforeAll(async () => { await platform.start(); }, 60000);
afterAll(async () => { await platform.stop(); });

describe('the openstack CLI', () => {
  it('creates, lists, shows, updates and deletes a network, subnet and port', async () => {
    const net = await openstack('network', 'create', 'cli-net') as { id: string; mtu: number; status: string };
    expect(net).toMatchObject({ mtu: 1450, status: 'ACTIVE' });
    const subnet = await openstack('subnet', 'create', '--network', 'cli-net', '--subnet-range', '203.0.113.0/26', 'cli-subnet') as Record<string, unknown>;
    expect(subnet).toMatchObject({ cidr: '203.0.113.0/26', gateway_ip: '203.0.113.1', allocation_pools: [{ start: '203.0.113.2', end: '203.0.113.62' }] });
    const port = await openstack('port', 'create', '--network', 'cli-net', '--fixed-ip', 'ip-address=203.0.113.10', 'cli-port') as Record<string, unknown>;
    expect(port).toMatchObject({ status: 'DOWN', fixed_ips: [{ subnet_id: subnet.id, ip_address: '203.0.113.10' }] });
    expect(port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);

    const ports = await openstack('port', 'list', '--network', 'cli-net') as { ID: string }[];
    expect(ports.map((p) => p.ID)).toEqual([port.id]);
    await openstack('port', 'set', '--name', 'renamed', String(port.id));
    expect(await openstack('port', 'show', String(port.id))).toMatchObject({ name: 'renamed', revision_number: 2 });

    await expect(openstack('network', 'delete', 'cli-net')).rejects.toThrow(/ports still in use/);
    await openstack('port', 'delete', String(port.id));
    await openstack('network', 'delete', 'cli-net');
    expect(await openstack('network', 'list')).toEqual([]);
    expect(await openstack('subnet', 'list')).toEqual([]);
  });
});

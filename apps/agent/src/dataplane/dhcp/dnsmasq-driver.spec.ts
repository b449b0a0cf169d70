import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnsmasqDriver } from './dnsmasq-driver.js';

describe('DnsmasqDriver files (no process started)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dnsmasqdrv-'));
  chmodSync(dir, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes world-readable files, reports them as not loaded while no dnsmasq runs them, and removes them on stop', async () => {
    const driver = new DnsmasqDriver({ stateDir: join(dir, 'dhcp') });
    expect(statSync(join(dir, 'dhcp')).mode & 0o777).toBe(0o755);
    await driver.writeFiles('net-1', { hosts: 'h\n', opts: 'o\n' });
    expect(statSync(join(dir, 'dhcp', 'net-1', 'host')).mode & 0o004).toBe(0o004);
    expect(await driver.read()).toEqual([{ networkId: 'net-1', pid: undefined, args: undefined, netnsId: undefined, files: { hosts: 'h\n', opts: 'o\n' } }]);
    await driver.stop('net-1');
    expect(await driver.read()).toEqual([]);
  });

  it('refuses a network id that is a path', async () => {
    const driver = new DnsmasqDriver({ stateDir: join(dir, 'dhcp') });
    await expect(driver.stop('../etc')).rejects.toThrow(/not a network id/);
    await expect(driver.writeFiles('a/b', { hosts: '', opts: '' })).rejects.toThrow(/not a network id/);
  });

  it('refuses a state directory that user nobody cannot reach', () => {
    const closed = mkdtempSync(join(dir, 'closed-')); // mkdtemp makes it 0700
    expect(() => new DnsmasqDriver({ stateDir: join(closed, 'dhcp') })).toThrow(/not searchable by others/);
  });
});

import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminPasswordKeptIn, writeOpenrc } from './openrc.js';

describe('openrc', () => {
  const dir = mkdtempSync(join(tmpdir(), 'muon-openrc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs the CLI in as the built-in identity\'s admin, readable by its owner only', () => {
    const path = join(dir, 'openrc');
    writeOpenrc(path, { apiUrl: 'http://127.0.0.1:9696', authMode: 'builtin', adminPassword: "it's" });
    const text = readFileSync(path, 'utf8');
    for (const line of ['export OS_AUTH_URL=http://127.0.0.1:9696/identity/v3', 'export OS_USERNAME=admin', `export OS_PASSWORD='it'\\''s'`,
      'export OS_PROJECT_NAME=admin', 'export OS_USER_DOMAIN_NAME=Default', 'export OS_PROJECT_DOMAIN_NAME=Default',
      'export OS_IDENTITY_API_VERSION=3', 'export OS_REGION_NAME=RegionOne']) expect(text).toContain(line);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps noauth\'s endpoint override', () => {
    const path = join(dir, 'openrc-noauth');
    writeOpenrc(path, { apiUrl: 'http://127.0.0.1:9696', authMode: 'noauth' });
    expect(readFileSync(path, 'utf8')).toContain('export OS_AUTH_TYPE=none');
  });

  it('generates the admin password once and keeps it', () => {
    const path = join(dir, 'admin-password');
    const first = adminPasswordKeptIn(path);
    expect(first).toMatch(/^[\w-]{24}$/);
    expect(adminPasswordKeptIn(path)).toBe(first);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

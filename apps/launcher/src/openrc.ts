import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface OpenrcSettings {
  apiUrl: string;
  authMode: string;
  /** builtin mode: the password of the user `admin`. */
  adminPassword?: string;
  /** keystone mode: the external Keystone (MUON_KEYSTONE_URL). */
  keystoneUrl?: string;
}

/** A value for a POSIX shell, quoted so any password survives `source`. */
const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** Writes the file a user sources so the standard `openstack` CLI talks to this Muon. */
export function writeOpenrc(path: string, settings: OpenrcSettings): void {
  const { apiUrl, authMode } = settings;
  const lines = authMode === 'noauth'
    ? [
      '# Muon in noauth mode: the CLI sends no token and Muon treats the caller as the admin project.',
      'unset OS_AUTH_URL OS_USERNAME OS_PASSWORD OS_PROJECT_NAME OS_USER_DOMAIN_NAME OS_PROJECT_DOMAIN_NAME OS_CLOUD',
      'export OS_AUTH_TYPE=none',
      `export OS_ENDPOINT=${apiUrl}`,
      `export OS_NETWORK_ENDPOINT_OVERRIDE=${apiUrl}`,
    ]
    : authMode === 'keystone'
      ? [
        '# Muon in keystone mode: log in to your Keystone; set OS_USERNAME, OS_PASSWORD and OS_PROJECT_NAME.',
        'unset OS_AUTH_TYPE OS_ENDPOINT OS_NETWORK_ENDPOINT_OVERRIDE',
        `export OS_AUTH_URL=${settings.keystoneUrl ?? ''}`,
        'export OS_IDENTITY_API_VERSION=3',
        'export OS_USER_DOMAIN_NAME=Default',
        'export OS_PROJECT_DOMAIN_NAME=Default',
      ]
      : [
        '# Muon with its built-in identity: the admin user of the admin project (docs/identity.md).',
        'unset OS_AUTH_TYPE OS_ENDPOINT OS_NETWORK_ENDPOINT_OVERRIDE OS_CLOUD',
        `export OS_AUTH_URL=${apiUrl}/identity/v3`,
        'export OS_USERNAME=admin',
        `export OS_PASSWORD=${shellQuote(settings.adminPassword ?? '')}`,
        'export OS_PROJECT_NAME=admin',
        'export OS_USER_DOMAIN_NAME=Default',
        'export OS_PROJECT_DOMAIN_NAME=Default',
        'export OS_IDENTITY_API_VERSION=3',
        'export OS_REGION_NAME=RegionOne',
      ];
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/**
 * The built-in identity's admin password for `npm start`: generated at the first start and kept in
 * `path` (mode 0600), so every restart hands the gateway (MUON_ADMIN_PASSWORD) and the openrc the same one.
 */
export function adminPasswordKeptIn(path: string): string {
  if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8').trim();
    if (kept) return kept;
  }
  const password = randomBytes(18).toString('base64url');
  writeFileSync(path, `${password}\n`, { mode: 0o600 });
  return password;
}

import { writeFileSync } from 'node:fs';

/** Writes the file a user sources so the standard `openstack` CLI talks to this Muon. */
export function writeOpenrc(path: string, apiUrl: string, authMode: string): void {
  const lines = authMode === 'noauth'
    ? [
      '# Muon in noauth mode: the CLI sends no token and Muon treats the caller as the admin project.',
      'unset OS_AUTH_URL OS_USERNAME OS_PASSWORD OS_PROJECT_NAME OS_USER_DOMAIN_NAME OS_PROJECT_DOMAIN_NAME OS_CLOUD',
      'export OS_AUTH_TYPE=none',
      `export OS_ENDPOINT=${apiUrl}`,
      `export OS_NETWORK_ENDPOINT_OVERRIDE=${apiUrl}`,
    ]
    : [`export OS_AUTH_URL=${apiUrl}/identity/v3`];
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
}

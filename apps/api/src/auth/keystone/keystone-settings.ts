import type { MuonConfig } from '@muon/service-kit';

export interface KeystoneSettings {
  /** The v3 API root, e.g. http://keystone:5000/v3. */
  v3Url: string;
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
  cacheMs: number;
}

/** keystone mode's settings (Neutron's [keystone_authtoken]); refuses to start without what it needs. */
export function keystoneSettings(config: MuonConfig): KeystoneSettings {
  const missing = (['MUON_KEYSTONE_URL', 'MUON_KEYSTONE_USERNAME', 'MUON_KEYSTONE_PASSWORD'] as const).filter((k) => !config[k]);
  if (missing.length > 0) throw new Error(`MUON_AUTH_MODE=keystone needs ${missing.join(', ')}`);
  return {
    v3Url: keystoneV3Url(config.MUON_KEYSTONE_URL!),
    username: config.MUON_KEYSTONE_USERNAME!,
    password: config.MUON_KEYSTONE_PASSWORD!,
    projectName: config.MUON_KEYSTONE_PROJECT_NAME,
    userDomainName: config.MUON_KEYSTONE_USER_DOMAIN_NAME,
    projectDomainName: config.MUON_KEYSTONE_PROJECT_DOMAIN_NAME,
    cacheMs: config.MUON_KEYSTONE_CACHE_SECONDS * 1000,
  };
}

/** Accepts Keystone's URL with or without the version, as operators write it: `…:5000`, `…/identity`, `…/v3`. */
export function keystoneV3Url(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/v3$/.test(trimmed) ? trimmed : `${trimmed}/v3`;
}

/** The base Keystone is reached at, for WWW-Authenticate (without the version, like www_authenticate_uri). */
export const keystoneAuthUri = (v3Url: string): string => v3Url.replace(/\/v3$/, '');

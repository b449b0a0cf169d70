import { DEFAULT_DOMAIN, type CatalogEntry, type KeystoneToken, type Project, type User } from '@muon/contracts';
import { keystoneTime } from '../keystone-time.js';
import type { TokenClaims } from './token-claims.js';

export interface TokenSubject {
  claims: TokenClaims;
  user: Pick<User, 'id' | 'name'>;
  project: Pick<Project, 'id' | 'name'> | null;
  /** Left out when the client asked for ?nocatalog. */
  catalog?: CatalogEntry[];
}

/** Keystone's token body, the one keystoneauth and keystonemiddleware read. */
export function renderTokenBody({ claims, user, project, catalog }: TokenSubject): { token: KeystoneToken } {
  return {
    token: {
      methods: claims.methods,
      user: { id: user.id, name: user.name, domain: { ...DEFAULT_DOMAIN }, password_expires_at: null },
      ...(project ? { project: { id: project.id, name: project.name, domain: { ...DEFAULT_DOMAIN } }, is_domain: false, roles: claims.roles } : {}),
      ...(catalog ? { catalog } : {}),
      expires_at: keystoneTime(claims.expiresAt),
      issued_at: keystoneTime(claims.issuedAt),
      audit_ids: claims.auditIds,
    },
  };
}

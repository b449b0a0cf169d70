import { randomUUID } from 'node:crypto';
import type { RequestContext } from '@muon/contracts';

type Headers = Record<string, string | string[] | undefined>;
const first = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * noauth mode (tests and trusted set-ups only): the caller states its project and roles in
 * X-Project-Id / X-Roles (default role: member).
 */
export function noauthContext(headers: Headers): RequestContext {
  const projectId = first(headers, 'x-project-id') ?? first(headers, 'x-tenant-id');
  // Like neutron-server's noauth: a request that names no project acts as the admin (the CLI
  // with OS_AUTH_TYPE=none sends no headers at all).
  if (!projectId) {
    return { userId: null, projectId: process.env.MUON_NOAUTH_PROJECT ?? 'admin', roles: ['admin'], isAdmin: true, requestId: `req-${randomUUID()}` };
  }
  const roles = (first(headers, 'x-roles') ?? 'member').split(',').map((r) => r.trim().toLowerCase()).filter(Boolean);
  return {
    userId: first(headers, 'x-user-id') ?? null,
    projectId,
    roles,
    isAdmin: roles.includes('admin'),
    requestId: `req-${randomUUID()}`,
  };
}

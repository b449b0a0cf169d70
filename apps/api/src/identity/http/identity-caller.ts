import type { TokenClaims } from '../tokens/token-claims.js';
import type { TokenService } from '../tokens/token-service.js';
import { KeystoneErrors } from './keystone-error.js';

export type Hdrs = Record<string, string | string[] | undefined>;
export const firstHeader = (h: Hdrs, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The caller of an identity API request, from its X-Auth-Token. */
export async function callerOf(tokens: TokenService, headers: Hdrs): Promise<TokenClaims> {
  const token = firstHeader(headers, 'x-auth-token');
  const claims = token ? await tokens.validate(token) : null;
  if (!claims) throw KeystoneErrors.unauthorized();
  return claims;
}

export const hasRole = (claims: TokenClaims, name: string): boolean => claims.projectId !== null && claims.roles.some((r) => r.name === name);

/** The admin API is for admins only (a project-scoped token with the admin role). */
export function requireAdmin(claims: TokenClaims, action: string): void {
  if (!hasRole(claims, 'admin')) throw KeystoneErrors.forbidden(`identity:${action}`);
}

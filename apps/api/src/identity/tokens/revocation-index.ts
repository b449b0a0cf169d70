import type { TokenClaims } from './token-claims.js';

/**
 * One revocation, as Keystone's revocation events have it: every token that matches all the fields
 * given and was issued at or before `issuedBefore` is invalid. The record matters only until
 * `expiresAt`, when every token it could match has expired anyway.
 */
export interface Revocation {
  auditId?: string | null;
  userId?: string | null;
  projectId?: string | null;
  roleId?: string | null;
  issuedBefore: number;
  expiresAt: number;
}

/** Revocations indexed by what they match, so a check is a few map look-ups however many there are. */
export class RevocationIndex {
  private readonly byAuditId = new Map<string, Revocation[]>();
  private readonly byUser = new Map<string, Revocation[]>();
  private readonly byProject = new Map<string, Revocation[]>();
  private readonly byRole = new Map<string, Revocation[]>();

  add(revocation: Revocation): void {
    const [map, key] = revocation.auditId ? [this.byAuditId, revocation.auditId]
      : revocation.userId ? [this.byUser, revocation.userId]
      : revocation.projectId ? [this.byProject, revocation.projectId]
      : revocation.roleId ? [this.byRole, revocation.roleId]
      : [undefined, undefined];
    if (!map || !key) return; // a record matching everything is not something Muon writes
    const list = map.get(key) ?? [];
    list.push(revocation);
    map.set(key, list);
  }

  isRevoked(claims: TokenClaims): boolean {
    const candidates = [
      ...claims.auditIds.flatMap((id) => this.byAuditId.get(id) ?? []),
      ...(this.byUser.get(claims.userId) ?? []),
      ...(claims.projectId ? this.byProject.get(claims.projectId) ?? [] : []),
      ...claims.roles.flatMap((role) => this.byRole.get(role.id) ?? []),
    ];
    return candidates.some((r) => matches(r, claims));
  }
}

function matches(r: Revocation, claims: TokenClaims): boolean {
  if (claims.issuedAt > r.issuedBefore) return false;
  if (r.auditId && !claims.auditIds.includes(r.auditId)) return false;
  if (r.userId && r.userId !== claims.userId) return false;
  if (r.projectId && r.projectId !== claims.projectId) return false;
  if (r.roleId && !claims.roles.some((role) => role.id === r.roleId)) return false;
  return true;
}

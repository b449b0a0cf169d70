import type { Revocation } from '../tokens/revocation-index.js';
import type { EntityKind, EntityOf } from './entity-kinds.js';

/** A revocation before its time bounds are stamped: what it matches. */
export type RevocationTarget = Omit<Revocation, 'issuedBefore' | 'expiresAt'>;

/**
 * Which tokens a change invalidates, as Keystone decides it: every token of a user that is deleted or
 * disabled, of a project that is deleted or disabled, and every token carrying a deleted role.
 */
export function revocationsForChange<K extends EntityKind>(kind: K, before: EntityOf[K] | null, after: EntityOf[K] | null): RevocationTarget[] {
  if (before === null) return [];
  const disabled = after !== null && 'enabled' in before && (before as { enabled: boolean }).enabled && !(after as { enabled: boolean }).enabled;
  if (after !== null && !disabled) return [];
  switch (kind) {
    case 'user': return [{ userId: before.id }];
    case 'project': return [{ projectId: before.id }];
    default: return [{ roleId: before.id }];
  }
}

/** Removing a role from a user on a project invalidates that user's tokens on that project. */
export const revocationForUnassignment = (userId: string, projectId: string): RevocationTarget => ({ userId, projectId });

/** A new password invalidates every token the user holds. */
export const revocationForPasswordChange = (userId: string): RevocationTarget => ({ userId });

/** Stamps the time bounds: tokens issued up to now, for as long as any of them can live. */
export const stampRevocation = (target: RevocationTarget, nowMs: number, tokenLifetimeMs: number): Revocation =>
  ({ ...target, issuedBefore: nowMs, expiresAt: nowMs + tokenLifetimeMs });

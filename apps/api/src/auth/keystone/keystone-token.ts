import type { KeystoneToken } from '@muon/contracts';
import type { ValidatedToken } from '../token-validator.js';

/** What Keystone's answer means for the gateway: the holder, and until when the token lives. */
export function validatedFromKeystone(token: KeystoneToken, nowMs: number): { validated: ValidatedToken; expiresAt: number } | null {
  const expiresAt = Date.parse(token.expires_at);
  if (!Number.isFinite(expiresAt) || expiresAt <= nowMs) return null;
  return {
    validated: { userId: token.user.id, projectId: token.project?.id ?? null, roles: (token.roles ?? []).map((r) => r.name.toLowerCase()) },
    expiresAt,
  };
}

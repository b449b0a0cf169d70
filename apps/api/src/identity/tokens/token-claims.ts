import { z } from 'zod';

/** What a Muon token says about its holder; signed, so it needs no lookup on the hot path. */
export const TokenClaimsSchema = z.object({
  userId: z.string(),
  /** null for an unscoped token. */
  projectId: z.string().nullable(),
  /** Effective roles on the project (implied ones included), fixed when the token was issued. */
  roles: z.array(z.object({ id: z.string(), name: z.string() })),
  methods: z.array(z.string()),
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
  /** Keystone's audit ids: this token's own first, then the one it was re-scoped from. */
  auditIds: z.array(z.string()).min(1),
});
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;

import { Injectable } from '@nestjs/common';
import { IdentityStore } from '../store/identity-store.js';
import type { Queryable } from '../directory/identity-queries.js';
import { RevocationIndex, type Revocation } from './revocation-index.js';
import type { TokenClaims } from './token-claims.js';

/**
 * How stale this replica's copy of the revocation table may be: a token revoked through another
 * replica stops working here within this bound (one through this replica, at once).
 */
export const REVOCATION_REFRESH_MS = 1000;

interface RevocationRow { audit_id: string | null; user_id: string | null; project_id: string | null; role_id: string | null; issued_before: Date; expires_at: Date }

/** The live revocations (token_revocations), re-read at most once per REVOCATION_REFRESH_MS. */
@Injectable()
export class RevocationList {
  private index = new RevocationIndex();
  private loadedAt = 0;
  private loading?: Promise<void>;
  /** Recorded here since the last reload began, so a reload that started before their commit keeps them. */
  private local: Revocation[] = [];

  constructor(private readonly identity: IdentityStore) {}

  async isRevoked(claims: TokenClaims): Promise<boolean> {
    if (Date.now() - this.loadedAt >= REVOCATION_REFRESH_MS) {
      this.loading ??= this.reload().finally(() => { this.loading = undefined; });
      await this.loading;
    }
    return this.index.isRevoked(claims);
  }

  /** Writes revocations inside the caller's transaction (and prunes the expired ones). */
  async write(tx: Queryable, revocations: Revocation[]): Promise<void> {
    if (revocations.length === 0) return;
    await tx.query('delete from token_revocations where expires_at < now()');
    await tx.query(
      `insert into token_revocations (audit_id, user_id, project_id, role_id, issued_before, expires_at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])`,
      [
        revocations.map((r) => r.auditId ?? null), revocations.map((r) => r.userId ?? null), revocations.map((r) => r.projectId ?? null),
        revocations.map((r) => r.roleId ?? null), revocations.map((r) => new Date(r.issuedBefore)), revocations.map((r) => new Date(r.expiresAt)),
      ],
    );
  }

  /** Applies committed revocations to this replica at once. */
  remember(revocations: Revocation[]): void {
    for (const r of revocations) this.index.add(r);
    this.local.push(...revocations);
  }

  private async reload(): Promise<void> {
    const started = Date.now();
    const keep = this.local;
    this.local = [];
    const store = await this.identity.open();
    const { rows } = await store.query<RevocationRow>(
      'select audit_id, user_id, project_id, role_id, issued_before, expires_at from token_revocations where expires_at > now()',
    );
    const next = new RevocationIndex();
    for (const row of rows) {
      next.add({
        auditId: row.audit_id, userId: row.user_id, projectId: row.project_id, roleId: row.role_id,
        issuedBefore: new Date(row.issued_before).getTime(), expiresAt: new Date(row.expires_at).getTime(),
      });
    }
    for (const r of [...keep, ...this.local]) next.add(r);
    this.index = next;
    this.loadedAt = started;
  }
}

import { QuotaErrors, type QuotaLimits, type QuotaResource } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { QUOTA_COUNTED_TABLES } from './quota-store.js';

/**
 * Refuses a create that would take the project over its limit. Creates of one resource in one
 * project take turns on a transaction lock between counting and committing, so 50 parallel creates
 * against a quota of 10 leave exactly 10; an unlimited (-1) resource takes no lock at all.
 */
export async function enforceQuota(tx: StoreTransaction, defaults: QuotaLimits, projectId: string, resource: QuotaResource): Promise<void> {
  const table = QUOTA_COUNTED_TABLES[resource];
  if (!table) throw new Error(`no count for quota resource ${resource}`);
  // One round trip finds the limit and, only when there is one, takes the lock (this is on every
  // create). The count is a statement of its own: its snapshot must be taken after the lock.
  const { rows: [found] } = await tx.query<{ limit: number }>(
    `select l.lim as limit, case when l.lim >= 0 then pg_advisory_xact_lock(hashtext($3)) end
       from (select coalesce((select (limits->>$2)::int from quotas where project_id = $1), $4::int) as lim) l`,
    [projectId, resource, `quota:${projectId}:${resource}`, defaults[resource]],
  );
  const limit = found?.limit ?? defaults[resource];
  if (limit < 0) return;
  const { rows } = await tx.query<{ used: number }>(`select count(*)::int as used from ${table} where project_id = $1`, [projectId]);
  if ((rows[0]?.used ?? 0) + 1 > limit) throw QuotaErrors.overQuota([resource]);
}

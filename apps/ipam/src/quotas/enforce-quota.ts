import { QuotaErrors, type QuotaLimits, type QuotaResource } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { projectLimits, QUOTA_COUNTED_TABLES } from './quota-store.js';

/**
 * Refuses a create that would take the project over its limit. Creates of one resource in one
 * project take turns on a transaction lock between counting and committing, so 50 parallel creates
 * against a quota of 10 leave exactly 10; an unlimited (-1) resource takes no lock at all.
 */
export async function enforceQuota(tx: StoreTransaction, defaults: QuotaLimits, projectId: string, resource: QuotaResource): Promise<void> {
  const limit = (await projectLimits((sql, p) => tx.query(sql, p), projectId))[resource] ?? defaults[resource];
  if (limit < 0) return;
  const table = QUOTA_COUNTED_TABLES[resource];
  if (!table) throw new Error(`no count for quota resource ${resource}`);
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`quota:${projectId}:${resource}`]);
  const { rows } = await tx.query<{ used: number }>(`select count(*)::int as used from ${table} where project_id = $1`, [projectId]);
  if ((rows[0]?.used ?? 0) + 1 > limit) throw QuotaErrors.overQuota([resource]);
}

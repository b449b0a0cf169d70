import { querySubject, QuotaErrors, type QueryRequest, type QuotaLimits } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import type { RpcClient } from '@muon/messaging';
import { L3_SERVICE_CONTEXT } from '../ipam/ipam-client.js';

/** The resources l3 counts against a project's quota, and the read-model table that holds each. */
export const L3_QUOTA_TABLES = { router: 'routers', floatingip: 'floatingips' } as const;
export type L3QuotaResource = keyof typeof L3_QUOTA_TABLES;

/** The project's limit for one resource, as ipam keeps the quotas (-1: unlimited). */
export async function quotaLimit(rpc: RpcClient, projectId: string, resource: L3QuotaResource): Promise<number> {
  const limits = await rpc.request<QuotaLimits>(querySubject('ipam', 'quota', 'get'), { context: L3_SERVICE_CONTEXT(), id: projectId } satisfies QueryRequest);
  return limits[resource];
}

/**
 * Refuses a create that would take the project over `limit` (409 OverQuota). Creates of one
 * resource in one project take turns on a transaction lock between counting and committing, as
 * in ipam, so concurrent creates never overshoot.
 */
export async function enforceL3Quota(tx: StoreTransaction, projectId: string, resource: L3QuotaResource, limit: number): Promise<void> {
  if (limit < 0) return;
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`quota:${projectId}:${resource}`]);
  const { rows } = await tx.query<{ used: number }>(`select count(*)::int as used from ${L3_QUOTA_TABLES[resource]} where project_id = $1`, [projectId]);
  if ((rows[0]?.used ?? 0) + 1 > limit) throw QuotaErrors.overQuota([resource]);
}

/** `muon.qry.l3.usage.get`: what a project uses of l3's quota resources (for /v2.0/quotas/{project}/details). */
export async function l3Usage(query: (sql: string, params: unknown[]) => Promise<unknown[]>, projectId: string): Promise<Record<L3QuotaResource, number>> {
  const [row] = (await query(
    `select (select count(*) from routers where project_id = $1)::int as router, (select count(*) from floatingips where project_id = $1)::int as floatingip`,
    [projectId],
  )) as Record<L3QuotaResource, number>[];
  return { router: row?.router ?? 0, floatingip: row?.floatingip ?? 0 };
}

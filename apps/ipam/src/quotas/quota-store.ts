import { quotaResources, type QuotaLimits, type QuotaResource } from '@muon/contracts';

type Query = (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** The read-model table that counts each resource a project owns in IPAM. */
export const QUOTA_COUNTED_TABLES: Partial<Record<QuotaResource, string>> = {
  network: 'networks', subnet: 'subnets', subnetpool: 'subnetpools', port: 'ports', rbac_policy: 'rbac_policies',
};

/** The project's own limits (only those set for it), or {} when it has none. */
export async function projectLimits(query: Query, projectId: string): Promise<Partial<QuotaLimits>> {
  const { rows } = await query('select limits from quotas where project_id = $1', [projectId]);
  return (rows[0]?.limits as Partial<QuotaLimits> | undefined) ?? {};
}

export const effectiveLimits = (defaults: QuotaLimits, own: Partial<QuotaLimits>): QuotaLimits => ({ ...defaults, ...own });

/** What a project uses of each resource this service owns (the others' counts belong to their owners: 0 here). */
export async function usage(query: Query, projectId: string): Promise<Record<QuotaResource, number>> {
  const counted = Object.entries(QUOTA_COUNTED_TABLES);
  const { rows } = await query(
    `select ${counted.map(([r, table]) => `(select count(*) from ${table} where project_id = $1)::int as "${r}"`).join(', ')}`, [projectId]);
  return Object.fromEntries(quotaResources.map((r) => [r, Number(rows[0]?.[r] ?? 0)])) as Record<QuotaResource, number>;
}

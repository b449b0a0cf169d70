import { enforce, Errors, quotaResources, type QueryRequest, type QuotaLimits, type QuotaResource, type QuotaUsage } from '@muon/contracts';
import { effectiveLimits, projectLimits, usage } from './quota-store.js';

type Query = (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** Members may read their own project's quota; only admins read others' or list them all (get_quota). */
function readableProject(req: QueryRequest): string {
  const projectId = req.id ?? '';
  enforce('get_quota', req.context, { project_id: projectId });
  return projectId;
}

/** `muon.qry.ipam.quota.<verb>`: get (effective limits), default, details (used/limit/reserved), list. */
export async function quotaQuery(query: Query, verb: string, req: QueryRequest, defaults: QuotaLimits): Promise<unknown> {
  switch (verb) {
    case 'get': {
      const projectId = readableProject(req);
      return effectiveLimits(defaults, await projectLimits(query, projectId));
    }
    case 'default':
      readableProject(req);
      return defaults;
    case 'details': {
      const projectId = readableProject(req);
      const [limits, used] = [effectiveLimits(defaults, await projectLimits(query, projectId)), await usage(query, projectId)];
      return Object.fromEntries(quotaResources.map((r) => [r, { used: used[r], limit: limits[r], reserved: 0 } satisfies QuotaUsage])) as Record<QuotaResource, QuotaUsage>;
    }
    case 'list': {
      // Every project's quota: a rule that needs the caller's own project does not hold.
      enforce('get_quota', req.context, { project_id: null });
      const { rows } = await query('select project_id, limits from quotas order by project_id', []);
      return rows.map((r) => ({ project_id: r.project_id, tenant_id: r.project_id, ...effectiveLimits(defaults, r.limits as Partial<QuotaLimits>) }));
    }
    default:
      throw Errors.resourceNotFound(`quota.${verb}`);
  }
}

import { policyRule, type PolicyTarget, type RequestContext, type ResourceSpec, type Visibility } from '@muon/contracts';
import { networksSharedWithSql } from './rbac-grants.js';

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * A member's Visibility widened by the rows the policy table's `get_<member>` rule lets it reach
 * through their network (Neutron's subnet RBAC join and port filter hook): `network_owner_reader`
 * adds the rows on the member's own networks, `network_shared` those on networks shared with it.
 * Admins and resources without such checks are unchanged.
 */
export async function withNetworkVisibility(q: Query, spec: ResourceSpec, visibility: Visibility): Promise<Visibility> {
  const rule = policyRule(`get_${spec.member}`) ?? [];
  const own = rule.includes('network_owner_reader');
  const shared = rule.includes('network_shared');
  if ((!own && !shared) || visibility.projectId === null) return visibility;
  const rows = await q(
    `select id::text as id from networks
      where ($2 and project_id = $1) or ($3 and project_id <> $1 and id in (${networksSharedWithSql('$1')}))`,
    [visibility.projectId, own, shared],
  );
  if (rows.length === 0) return visibility;
  const reached = rows.map((r) => ({ attribute: 'network_id', value: r.id as string }));
  return { ...visibility, alsoVisibleWhen: [...(visibility.alsoVisibleWhen ?? []), ...reached] };
}

/** The policy facts of a row's network (subnets, ports): whose it is and whether it is shared with the caller. */
export async function networkFacts(q: Query, row: { network_id?: unknown }, ctx: RequestContext): Promise<Pick<PolicyTarget, 'network_project_id' | 'network_shared'>> {
  if (typeof row.network_id !== 'string') return {};
  const rows = await q(
    `select project_id, id in (${networksSharedWithSql('$2')}) as shared from networks where id = $1::uuid`,
    [row.network_id, ctx.projectId ?? ''],
  );
  const network = rows[0];
  if (!network) return {};
  return { network_project_id: network.project_id as string, network_shared: network.shared === true };
}

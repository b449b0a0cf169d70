import type { RequestContext, Visibility } from '@muon/contracts';
import { networksSharedWithSql } from './rbac-grants.js';

/** What another project may do with a row it reaches through the row's network. */
export type NetworkAccess = 'none' | 'read' | 'delete' | 'write';

/**
 * Neutron lets a project reach other projects' subnets and ports through the network they sit on
 * (its subnet RBAC join and its port filter hook, and the network_owner rules of its default
 * policy): a project reads the subnets of a network shared with it (an access_as_shared RBAC policy
 * to it or to everyone); a network's owner manages every subnet
 * on it, and reads and may delete (but not change) every port on it. One table serves reads
 * (lists and shows) and writes.
 */
const THROUGH_NETWORK: Record<string, { onSharedNetwork: NetworkAccess; onOwnNetwork: NetworkAccess }> = {
  subnets: { onSharedNetwork: 'read', onOwnNetwork: 'write' },
  ports: { onSharedNetwork: 'none', onOwnNetwork: 'delete' },
};

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

const RANK: Record<NetworkAccess, number> = { none: 0, read: 1, delete: 2, write: 3 };
export const allows = (access: NetworkAccess, wanted: NetworkAccess): boolean => RANK[access] >= RANK[wanted];

/**
 * A member's Visibility widened by the rows it reaches through networks: one more `network_id`
 * pattern per network that grants read access. Admins and tables without such rows are unchanged.
 */
export async function withNetworkVisibility(q: Query, collection: string, visibility: Visibility): Promise<Visibility> {
  const rule = THROUGH_NETWORK[collection];
  if (!rule || visibility.projectId === null) return visibility;
  const shared = allows(rule.onSharedNetwork, 'read');
  const own = allows(rule.onOwnNetwork, 'read');
  const rows = await q(
    `select id::text as id from networks
      where ($2 and project_id = $1) or ($3 and project_id <> $1 and id in (${networksSharedWithSql('$1')}))`,
    [visibility.projectId, own, shared],
  );
  if (rows.length === 0) return visibility;
  const reached = rows.map((r) => ({ attribute: 'network_id', value: r.id as string }));
  return { ...visibility, alsoVisibleWhen: [...(visibility.alsoVisibleWhen ?? []), ...reached] };
}

/** What the caller may do with another project's subnet or port through its network. */
export async function accessThroughNetwork(q: Query, collection: string, row: { network_id?: unknown }, ctx: RequestContext): Promise<NetworkAccess> {
  const rule = THROUGH_NETWORK[collection];
  if (!rule || typeof row.network_id !== 'string') return 'none';
  const rows = await q(
    `select project_id, id in (${networksSharedWithSql('$2')}) as shared from networks where id = $1::uuid`,
    [row.network_id, ctx.projectId ?? ''],
  );
  const network = rows[0];
  if (!network) return 'none';
  if (network.project_id === ctx.projectId) return rule.onOwnNetwork;
  return network.shared === true ? rule.onSharedNetwork : 'none';
}

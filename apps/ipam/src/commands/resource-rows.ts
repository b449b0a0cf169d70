import { allows, Errors, ipamNotFound, type PolicyTarget, type RequestContext, type ResourceSpec } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { rbacFacts } from '../policy/rbac-grants.js';
import { networkFacts } from '../policy/through-network.js';

export type LockMode = 'update' | 'share' | 'none';

interface LoadOptions {
  /** The policy table's action on the row; default `update_<member>`. */
  action?: string;
}

/**
 * Loads a resource's current document under a row lock, and decides `action` on it by the policy
 * table (default `update_<member>`). A row the caller may not even read (`get_<member>`) is 404, so
 * existence never leaks (DESIGN §policy); one it may read but not act on is 403 PolicyNotAuthorized.
 */
export async function loadLocked<T extends { project_id: string }>(
  tx: StoreTransaction, spec: ResourceSpec, id: string, ctx: RequestContext, lock: LockMode,
  opts: LoadOptions = {},
): Promise<T> {
  return (await loadLockedWith<T, null>(tx, spec, id, ctx, lock, 'null', opts)).body;
}

/**
 * loadLocked plus one more value computed in the same statement (`extraSql`, an SQL expression over
 * the row aliased `r`), to save a round trip on hot paths.
 */
export async function loadLockedWith<T extends { project_id: string }, E>(
  tx: StoreTransaction, spec: ResourceSpec, id: string, ctx: RequestContext, lock: LockMode, extraSql: string,
  opts: LoadOptions = {},
): Promise<{ body: T; extra: E }> {
  const { rows } = await tx.query<{ body: T; extra: E }>(
    `select r.body, ${extraSql} as extra from ${spec.collection} r where r.id = $1::uuid${lock === 'none' ? '' : ` for ${lock} of r`}`,
    // Prepared: the text varies only with the table, the lock and the caller's constant extraSql.
    [normaliseUuid(id, spec)], { prepare: true },
  );
  const found = rows[0];
  const body = found?.body;
  if (!body) throw ipamNotFound(spec.member, id);
  const action = opts.action ?? `update_${spec.member}`;
  // A network is the network its subnets' and ports' rules speak of (create_subnet is its owner's).
  const own: PolicyTarget = { project_id: body.project_id, ...(spec.collection === 'networks' ? { network_project_id: body.project_id } : {}) };
  // The hot path (an admin, or a member acting on its own row) needs no further query.
  if (allows(action, ctx, own)) return found;
  const target = { ...own, ...(await crossProjectFacts(tx, spec, body as Record<string, unknown>, ctx)) };
  if (allows(action, ctx, target)) return found;
  if (allows(`get_${spec.member}`, ctx, target)) throw Errors.policyNotAuthorized(action);
  throw ipamNotFound(spec.member, id);
}

/** Whether the caller may read a row it did not load through loadLocked (`get_<member>`). */
export async function mayRead(tx: StoreTransaction, spec: ResourceSpec, row: Record<string, unknown> & { project_id: string }, ctx: RequestContext): Promise<boolean> {
  const action = `get_${spec.member}`;
  return allows(action, ctx, { project_id: row.project_id }) || allows(action, ctx, { project_id: row.project_id, ...(await crossProjectFacts(tx, spec, row, ctx)) });
}

/** What RBAC policies and the row's network grant a caller on another project's row. */
async function crossProjectFacts(tx: StoreTransaction, spec: ResourceSpec, row: Record<string, unknown>, ctx: RequestContext): Promise<PolicyTarget> {
  const q = async (sql: string, params: unknown[]) => (await tx.query(sql, params)).rows;
  return { ...(await rbacFacts(q, spec.collection, row, ctx.projectId)), ...(await networkFacts(q, row, ctx)) };
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** An id that is not a UUID can't name anything: 404 rather than a database cast error. */
export function normaliseUuid(id: string, spec: ResourceSpec): string {
  if (!UUID.test(id)) throw ipamNotFound(spec.member, id);
  return id.toLowerCase();
}

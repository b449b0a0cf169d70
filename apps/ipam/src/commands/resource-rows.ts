import { Errors, ipamNotFound, type RequestContext, type ResourceSpec } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { crossProjectAccess } from '../policy/rbac-grants.js';
import { accessThroughNetwork, allows } from '../policy/through-network.js';

export type LockMode = 'update' | 'share' | 'none';

/**
 * Loads a resource's current document under a row lock. Another project's resource is 404, so
 * existence never leaks (DESIGN §policy); one the caller may read — a network an RBAC policy shares
 * with it or makes external to it, a shared pool, a subnet of a shared network — is 403
 * PolicyNotAuthorized unless the caller may also do `action` to it (a network's owner deleting a
 * port on it; a member creating a port on a network shared with it, with `sharedReadable`).
 */
export async function loadLocked<T extends { project_id: string }>(
  tx: StoreTransaction, spec: ResourceSpec, id: string, ctx: RequestContext, lock: LockMode,
  opts: { action?: string; sharedReadable?: boolean } = {},
): Promise<T> {
  return (await loadLockedWith<T, null>(tx, spec, id, ctx, lock, 'null', opts)).body;
}

/**
 * loadLocked plus one more value computed in the same statement (`extraSql`, an SQL expression over
 * the row aliased `r`), to save a round trip on hot paths.
 */
export async function loadLockedWith<T extends { project_id: string }, E>(
  tx: StoreTransaction, spec: ResourceSpec, id: string, ctx: RequestContext, lock: LockMode, extraSql: string,
  opts: { action?: string; sharedReadable?: boolean } = {},
): Promise<{ body: T; extra: E }> {
  const { rows } = await tx.query<{ body: T; extra: E }>(
    `select r.body, ${extraSql} as extra from ${spec.collection} r where r.id = $1::uuid${lock === 'none' ? '' : ` for ${lock} of r`}`,
    [normaliseUuid(id, spec)],
  );
  const found = rows[0];
  const body = found?.body;
  if (!body) throw ipamNotFound(spec.member, id);
  if (ctx.isAdmin || body.project_id === ctx.projectId) return found;
  const doc = body as Record<string, unknown>;
  const q = async (sql: string, params: unknown[]) => (await tx.query(sql, params)).rows;
  const granted = await crossProjectAccess(q, spec.collection, doc, ctx.projectId);
  // Members may attach ports to a network shared with them (not merely external).
  if (opts.sharedReadable && granted.attach) return found;
  const action = opts.action ?? `update_${spec.member}`;
  let readable = granted.read;
  if (!readable) {
    const access = await accessThroughNetwork(q, spec.collection, doc, ctx);
    if (allows(access, action.startsWith('delete_') ? 'delete' : 'write')) return found;
    readable = allows(access, 'read');
  }
  if (readable) throw Errors.policyNotAuthorized(action);
  throw ipamNotFound(spec.member, id);
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** An id that is not a UUID can't name anything: 404 rather than a database cast error. */
export function normaliseUuid(id: string, spec: ResourceSpec): string {
  if (!UUID.test(id)) throw ipamNotFound(spec.member, id);
  return id.toLowerCase();
}

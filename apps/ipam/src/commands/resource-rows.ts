import { Errors, type RequestContext, type ResourceSpec } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';

export type LockMode = 'update' | 'share' | 'none';

/** Attributes a non-admin must not see (the same rule the gateway applies to lists). */
export function withoutHiddenAttributes<T extends Record<string, unknown>>(spec: ResourceSpec, ctx: RequestContext, body: T): T {
  if (ctx.isAdmin) return body;
  const out: Record<string, unknown> = { ...body };
  for (const [name, attr] of Object.entries(spec.attributes)) if (attr.adminOnlyRead) delete out[name];
  return out as T;
}

/**
 * Loads a resource's current document under a row lock. Another project's resource is 404, so
 * existence never leaks (DESIGN §policy); a shared one may be read but only its owner or an admin
 * may change it (403 PolicyNotAuthorized).
 */
export async function loadLocked<T extends { project_id: string }>(
  tx: StoreTransaction, spec: ResourceSpec, id: string, ctx: RequestContext, lock: LockMode,
  opts: { action?: string; sharedReadable?: boolean } = {},
): Promise<T> {
  const { rows } = await tx.query<{ body: T }>(
    `select body from ${spec.collection} where id = $1::uuid${lock === 'none' ? '' : ` for ${lock}`}`,
    [normaliseUuid(id, spec)],
  );
  const body = rows[0]?.body;
  if (!body) throw Errors.notFound(spec.member, id);
  if (ctx.isAdmin || body.project_id === ctx.projectId) return body;
  const shared = (body as Record<string, unknown>).shared === true || (body as Record<string, unknown>)['router:external'] === true;
  // Members may attach ports and subnets to a network shared with them (not merely external).
  if (opts.sharedReadable && (body as Record<string, unknown>).shared === true) return body;
  if (shared) throw Errors.policyNotAuthorized(opts.action ?? `update_${spec.member}`);
  throw Errors.notFound(spec.member, id);
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** An id that is not a UUID can't name anything: 404 rather than a database cast error. */
export function normaliseUuid(id: string, spec: ResourceSpec): string {
  if (!UUID.test(id)) throw Errors.notFound(spec.member, id);
  return id.toLowerCase();
}

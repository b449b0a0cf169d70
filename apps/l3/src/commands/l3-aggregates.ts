import { allows, enforce, L3Errors, floatingipResource, l3StreamName, routerResource, type CommandRequest, type L3Event, type RequestContext, type ResourceSpec } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { appendMetaOf } from '@muon/messaging';
import { neutronTimestamp } from '@muon/ipam-domain';

export type L3AggregateName = 'router' | 'floatingip';

export const L3_SPECS: Record<L3AggregateName, ResourceSpec> = { router: routerResource, floatingip: floatingipResource };

const notFound = (aggregate: L3AggregateName, id: string) =>
  (aggregate === 'router' ? L3Errors.routerNotFound(id) : L3Errors.floatingipNotFound(id));

/** One clock reading per command, in Neutron's timestamp format; deciders never read the clock. */
export const commandNow = (): string => neutronTimestamp(new Date());

/** What a router or floating IP id can be (Neutron accepts UUIDs with or without dashes). */
export const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * A router's or floating IP's document under a row lock, for a write. One the caller may not read
 * (`get_router`, `get_floatingip`: nothing of L3 is shared across projects) is 404, so existence
 * never leaks; one it reads but may not change is 403.
 */
export async function loadOwned<T extends { project_id: string }>(
  tx: StoreTransaction, aggregate: L3AggregateName, id: string | undefined, ctx: RequestContext,
): Promise<T> {
  if (!id || !UUID.test(id)) throw notFound(aggregate, id ?? '');
  const { rows } = await tx.query<{ body: T }>(`select body from ${L3_SPECS[aggregate].collection} where id = $1::uuid for update`, [id.toLowerCase()]);
  const body = rows[0]?.body;
  const member = L3_SPECS[aggregate].member;
  if (!body || !allows(`get_${member}`, ctx, { project_id: body.project_id })) throw notFound(aggregate, id);
  // Every write of a router or floating IP has its owner's rule (update_…, delete_…, add_router_interface).
  enforce(`update_${member}`, ctx, { project_id: body.project_id });
  return body;
}

/** Appends a decider's events to the aggregate's stream at its current version; returns the resource after them. */
export async function appendEvents<T>(
  tx: StoreTransaction, req: CommandRequest, aggregate: L3AggregateName, id: string, isNew: boolean, events: L3Event[], current: T | null,
): Promise<T> {
  if (events.length === 0) return current as T;
  const stream = l3StreamName(aggregate, id);
  await tx.append(stream, isNew ? 'no_stream' : await tx.streamVersion(stream), events, appendMetaOf(req));
  return (events[events.length - 1]!.data as Record<string, unknown>)[aggregate] as T;
}

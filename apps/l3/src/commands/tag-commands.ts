import type { CommandRequest, Floatingip, Router } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { applyTagChange, type TagChange } from '@muon/ipam-domain';
import { decideFloatingip, decideRouter } from '@muon/l3-domain';
import { appendEvents, commandNow, loadOwned, type L3AggregateName } from './l3-aggregates.js';
import type { L3Deps } from './l3-deps.js';

export const floatingPortOf = async (tx: StoreTransaction, floatingipId: string): Promise<string | null> =>
  (await tx.query<{ port_id: string }>('select port_id::text from floatingip_ports where floatingip_id = $1', [floatingipId])).rows[0]?.port_id ?? null;

/** The /tags sub-resource of a router or floating IP. */
export function setTagsOf(d: L3Deps, req: CommandRequest<TagChange>, aggregate: L3AggregateName): Promise<string[]> {
  return d.store.transact(async (tx) => {
    const current = await loadOwned<Router | Floatingip>(tx, aggregate, req.id, req.context);
    const command = { type: 'set_tags' as const, id: current.id, now: commandNow(), tags: applyTagChange(current.tags, req.body!) };
    const events = aggregate === 'router'
      ? decideRouter(command, { router: current as Router })
      : decideFloatingip(command, { floatingip: current as Floatingip, floatingPortId: await floatingPortOf(tx, current.id) });
    return (await appendEvents<Router | Floatingip>(tx, req, aggregate, current.id, false, events, current)).tags;
  });
}

import type { CommandRequest } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { applyTagChange, type TagChange } from '@muon/ipam-domain';
import { AGGREGATES, decideAndAppend, type AggregateName } from './aggregates.js';
import { commandNow } from './command-meta.js';
import { loadLocked } from './resource-rows.js';

/** The `/tags` sub-resource, the same for every taggable IPAM resource. */
export async function setTags(tx: StoreTransaction, req: CommandRequest<TagChange>, aggregate: AggregateName): Promise<string[]> {
  const current = await loadLocked<{ id: string; project_id: string; tags: string[] }>(tx, AGGREGATES[aggregate].spec, req.id!, req.context, 'update');
  const updated = await decideAndAppend<{ tags: string[] }>(tx, req, aggregate, current.id, current, {
    type: 'set_tags', id: current.id, now: commandNow(), tags: applyTagChange(current.tags, req.body!),
  });
  return updated.tags;
}

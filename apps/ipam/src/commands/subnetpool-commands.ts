import { randomUUID } from 'node:crypto';
import { subnetpoolResource, type CommandRequest, type Subnetpool } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import type { SubnetpoolChanges, SubnetpoolCreateAttributes } from '@muon/ipam-domain';
import { decideAndAppend } from './aggregates.js';
import { commandNow } from './command-meta.js';
import { loadLocked } from './resource-rows.js';

export async function createSubnetpool(tx: StoreTransaction, req: CommandRequest<SubnetpoolCreateAttributes>): Promise<Subnetpool> {
  const id = randomUUID();
  return decideAndAppend<Subnetpool>(tx, req, 'subnetpool', id, null, { type: 'create', id, now: commandNow(), attributes: req.body! });
}

export async function updateSubnetpool(tx: StoreTransaction, req: CommandRequest<SubnetpoolChanges>): Promise<Subnetpool> {
  const current = await loadLocked<Subnetpool>(tx, subnetpoolResource, req.id!, req.context, 'update');
  return decideAndAppend<Subnetpool>(tx, req, 'subnetpool', current.id, current, {
    type: 'update', id: current.id, now: commandNow(), ifRevision: req.ifRevision, changes: req.body!,
  });
}

export async function deleteSubnetpool(tx: StoreTransaction, req: CommandRequest): Promise<null> {
  const current = await loadLocked<Subnetpool>(tx, subnetpoolResource, req.id!, req.context, 'update', { action: 'delete_subnetpool' });
  const { rows } = await tx.query<{ n: string }>(`select count(*) as n from subnets where body->>'subnetpool_id' = $1`, [current.id]);
  await decideAndAppend(tx, req, 'subnetpool', current.id, current, {
    type: 'delete', id: current.id, now: commandNow(), ifRevision: req.ifRevision, allocatedSubnetCount: Number(rows[0]!.n),
  });
  return null;
}

import {
  enforce, Errors, parseOrBadRequest, QuotaEventType, QuotaUpdateSchema, quotaStreamName, type CommandRequest, type QuotaLimits, type QuotaUpdate,
} from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { appendMetaOf } from '../commands/command-meta.js';
import type { IpamSettings } from '../commands/ipam-settings.js';
import { effectiveLimits, projectLimits } from './quota-store.js';

const projectOf = (req: CommandRequest): string => {
  const id = req.id ?? '';
  if (!/^[\w.@-]{1,255}$/.test(id)) throw Errors.badRequest(`'${id}' is not a valid project id`);
  return id;
};

/** PUT /v2.0/quotas/{project}: admin only; the given limits join the ones already set. */
export async function updateQuota(tx: StoreTransaction, req: CommandRequest<QuotaUpdate>, settings: IpamSettings): Promise<QuotaLimits> {
  const projectId = projectOf(req);
  enforce('update_quota', req.context, { project_id: projectId });
  const limits = parseOrBadRequest(QuotaUpdateSchema, req.body ?? {}, 'Invalid input for quota');
  const changes = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as Partial<QuotaLimits>;
  const query = (sql: string, p: unknown[]) => tx.query(sql, p);
  const own = { ...(await projectLimits(query, projectId)), ...changes };
  const stream = quotaStreamName(projectId);
  if (Object.keys(changes).length > 0) {
    await tx.append(stream, await tx.streamVersion(stream), [{ type: QuotaEventType.quotaUpdated, version: 1, projectId, data: { project_id: projectId, limits: own } }], appendMetaOf(req));
  }
  return effectiveLimits(settings.quotaDefaults, own);
}

/** DELETE /v2.0/quotas/{project}: back to the defaults. */
export async function deleteQuota(tx: StoreTransaction, req: CommandRequest): Promise<null> {
  const projectId = projectOf(req);
  enforce('delete_quota', req.context, { project_id: projectId });
  const own = await projectLimits((sql, p) => tx.query(sql, p), projectId);
  if (Object.keys(own).length > 0) {
    const stream = quotaStreamName(projectId);
    await tx.append(stream, await tx.streamVersion(stream), [{ type: QuotaEventType.quotaDeleted, version: 1, projectId, data: { project_id: projectId, limits: own } }], appendMetaOf(req));
  }
  return null;
}

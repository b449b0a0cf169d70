import { z } from 'zod';
import { NeutronError } from '../errors.js';

/** Resources with a quota, and Neutron's default limits (-1: unlimited). */
export const QUOTA_DEFAULTS = {
  network: 100,
  subnet: 100,
  subnetpool: -1,
  port: 500,
  router: 10,
  floatingip: 50,
  security_group: 10,
  security_group_rule: 100,
  rbac_policy: 10,
  loadbalancer: 10,
} as const;
export type QuotaResource = keyof typeof QUOTA_DEFAULTS;
export const quotaResources = Object.keys(QUOTA_DEFAULTS) as QuotaResource[];
export type QuotaLimits = Record<QuotaResource, number>;

const limit = z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)])
  .pipe(z.number().int().min(-1, 'must be -1 (unlimited) or more').max(2_147_483_647));

/** PUT /v2.0/quotas/{project}: any subset of the limits. */
export const QuotaUpdateSchema = z.strictObject(Object.fromEntries(quotaResources.map((r) => [r, limit.optional()])) as Record<QuotaResource, z.ZodOptional<typeof limit>>);
export type QuotaUpdate = Partial<QuotaLimits>;

/** `network=200,port=-1`: the operator's defaults (Neutron's quota_network, quota_port, …). */
export function parseQuotaDefaults(text: string): QuotaLimits {
  const limits: QuotaLimits = { ...QUOTA_DEFAULTS };
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, value] = item.split('=');
    if (!name || !(name in QUOTA_DEFAULTS) || value === undefined || !/^-?\d+$/.test(value) || Number(value) < -1) {
      throw new Error(`MUON_QUOTA_DEFAULTS: "${item}" is not <resource>=<limit ≥ -1> (resources: ${quotaResources.join(', ')})`);
    }
    limits[name as QuotaResource] = Number(value);
  }
  return limits;
}

export interface QuotaUsage {
  used: number;
  limit: number;
  reserved: number;
}

export const QuotaEventType = {
  quotaUpdated: 'ipam.quota.updated',
  quotaDeleted: 'ipam.quota.deleted',
} as const;

/** A project's own limits (only what differs from the defaults is stored); deleting goes back to the defaults. */
export const QuotaEventDataSchema = z.object({ project_id: z.string(), limits: z.record(z.string(), z.number().int()) });
export type QuotaEventData = z.infer<typeof QuotaEventDataSchema>;
export const quotaEventSchemas: Record<string, Record<number, z.ZodType>> = {
  [QuotaEventType.quotaUpdated]: { 1: QuotaEventDataSchema },
  [QuotaEventType.quotaDeleted]: { 1: QuotaEventDataSchema },
};

export const quotaStreamName = (projectId: string): string => `quota-${projectId}`;

export const QuotaErrors = {
  overQuota: (resources: QuotaResource[]) =>
    new NeutronError(409, 'OverQuota', `Quota exceeded for resources: [${resources.map((r) => `'${r}'`).join(', ')}].`),
};

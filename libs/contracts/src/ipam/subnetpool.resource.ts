import { z } from 'zod';
import { neutronBoolean, standardAttributes, uuidString, type ResourceSpec } from '../resource.js';
import { cidrString, nonNegativeInteger } from './formats.js';
import { standardFields } from './standard-fields.js';

/** POST/PUT /v2.0/subnetpools. Prefix lengths left out are derived from the IP version. */
export const subnetpoolResource: ResourceSpec = {
  service: 'ipam',
  collection: 'subnetpools',
  member: 'subnetpool',
  extensions: [
    'subnet_allocation', 'default-subnetpools', 'standard-attr-description', 'standard-attr-tag',
    'standard-attr-timestamp', 'standard-attr-revisions', 'project-id',
  ],
  taggable: true,
  attributes: {
    ...standardAttributes(),
    // Neutron requires a non-empty name for a pool.
    name: { schema: z.string().min(1).max(255), allowPost: true, allowPut: true, required: true, isVisible: true },
    prefixes: { schema: z.array(cidrString).min(1), allowPost: true, allowPut: true, required: true, isVisible: true, sort: false },
    default_prefixlen: { schema: nonNegativeInteger, allowPost: true, allowPut: true, isVisible: true },
    min_prefixlen: { schema: nonNegativeInteger, allowPost: true, allowPut: true, isVisible: true },
    max_prefixlen: { schema: nonNegativeInteger, allowPost: true, allowPut: true, isVisible: true },
    ip_version: { schema: z.number().int(), allowPost: false, allowPut: false, isVisible: true },
    shared: { schema: neutronBoolean, allowPost: true, allowPut: false, default: false, isVisible: true },
    is_default: { schema: neutronBoolean, allowPost: true, allowPut: true, default: false, isVisible: true },
    address_scope_id: { schema: uuidString.nullable(), allowPost: true, allowPut: true, default: null, isVisible: true },
    default_quota: { schema: nonNegativeInteger.nullable(), allowPost: true, allowPut: true, default: null, isVisible: true },
  },
};

export const SubnetpoolSchema = z.object({
  ...standardFields,
  name: z.string(),
  prefixes: z.array(z.string()),
  default_prefixlen: z.number().int(),
  min_prefixlen: z.number().int(),
  max_prefixlen: z.number().int(),
  ip_version: z.union([z.literal(4), z.literal(6)]),
  shared: z.boolean(),
  is_default: z.boolean(),
  address_scope_id: z.string().nullable(),
  default_quota: z.number().int().nullable(),
});
export type Subnetpool = z.infer<typeof SubnetpoolSchema>;

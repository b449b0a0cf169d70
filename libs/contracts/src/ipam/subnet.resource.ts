import { z } from 'zod';
import { nameString, neutronBoolean, standardAttributes, uuidString, type ResourceSpec } from '../resource.js';
import { cidrString, ipAddressString, ipVersionValue, ipv6Mode, nonNegativeInteger, nullAsEmptyList } from './formats.js';
import { standardFields } from './standard-fields.js';

export const allocationPoolSchema = z.strictObject({ start: ipAddressString, end: ipAddressString });
export const hostRouteSchema = z.strictObject({ destination: cidrString, nexthop: ipAddressString });

/** POST/PUT /v2.0/subnets. gateway_ip, allocation_pools and cidr (from a pool) are computed when absent. */
export const subnetResource: ResourceSpec = {
  service: 'ipam',
  collection: 'subnets',
  member: 'subnet',
  extensions: [
    'subnet_allocation', 'default-subnetpools', 'subnet-service-types',
    'standard-attr-description', 'standard-attr-tag', 'standard-attr-timestamp', 'standard-attr-revisions', 'project-id',
  ],
  taggable: true,
  attributes: {
    ...standardAttributes(),
    name: { schema: nameString, allowPost: true, allowPut: true, default: '', isVisible: true },
    network_id: { schema: uuidString, allowPost: true, allowPut: false, required: true, isVisible: true },
    ip_version: { schema: ipVersionValue, allowPost: true, allowPut: false, required: true, isVisible: true },
    cidr: { schema: cidrString.nullable(), allowPost: true, allowPut: false, isVisible: true },
    // Only with subnetpool_id: the size of the prefix to take from the pool. Never shown.
    prefixlen: { schema: nonNegativeInteger, allowPost: true, allowPut: false, isVisible: false, filter: false, sort: false },
    subnetpool_id: { schema: uuidString.nullable(), allowPost: true, allowPut: false, isVisible: true },
    use_default_subnetpool: {
      schema: neutronBoolean, allowPost: true, allowPut: false, default: false, isVisible: false, filter: false, sort: false,
    },
    gateway_ip: { schema: ipAddressString.nullable(), allowPost: true, allowPut: true, isVisible: true },
    allocation_pools: { schema: z.array(allocationPoolSchema), allowPost: true, allowPut: true, isVisible: true, sort: false },
    dns_nameservers: {
      schema: nullAsEmptyList(ipAddressString), allowPost: true, allowPut: true, default: [], isVisible: true, sort: false,
    },
    host_routes: {
      schema: nullAsEmptyList(hostRouteSchema), allowPost: true, allowPut: true, default: [], isVisible: true, sort: false,
    },
    enable_dhcp: { schema: neutronBoolean, allowPost: true, allowPut: true, default: true, isVisible: true },
    ipv6_ra_mode: { schema: ipv6Mode.nullable(), allowPost: true, allowPut: false, default: null, isVisible: true },
    ipv6_address_mode: { schema: ipv6Mode.nullable(), allowPost: true, allowPut: false, default: null, isVisible: true },
    segment_id: { schema: uuidString.nullable(), allowPost: true, allowPut: false, default: null, isVisible: true },
    service_types: {
      schema: z.array(z.string().min(1).max(255)), allowPost: true, allowPut: true, default: [], isVisible: true, sort: false,
    },
  },
};

export const SubnetSchema = z.object({
  ...standardFields,
  name: z.string(),
  network_id: z.string(),
  ip_version: z.union([z.literal(4), z.literal(6)]),
  cidr: z.string(),
  subnetpool_id: z.string().nullable(),
  gateway_ip: z.string().nullable(),
  allocation_pools: z.array(z.object({ start: z.string(), end: z.string() })),
  dns_nameservers: z.array(z.string()),
  host_routes: z.array(z.object({ destination: z.string(), nexthop: z.string() })),
  enable_dhcp: z.boolean(),
  ipv6_ra_mode: ipv6Mode.nullable(),
  ipv6_address_mode: ipv6Mode.nullable(),
  segment_id: z.string().nullable(),
  service_types: z.array(z.string()),
});
export type Subnet = z.infer<typeof SubnetSchema>;
export type AllocationPool = Subnet['allocation_pools'][number];
export type HostRoute = Subnet['host_routes'][number];

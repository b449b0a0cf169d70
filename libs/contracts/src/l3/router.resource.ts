import { z } from 'zod';
import { nameString, neutronBoolean, standardAttributes, uuidString, type ResourceSpec } from '../resource.js';
import { cidrString, ipAddressString, nullAsEmptyList } from '../ipam/formats.js';
import { standardFields } from '../ipam/standard-fields.js';

/** An external fixed IP a client asks for on the gateway: a subnet, an address, or both. */
export const externalFixedIpRequestSchema = z.strictObject({ subnet_id: uuidString.optional(), ip_address: ipAddressString.optional() });

/**
 * `external_gateway_info` as a client sends it (Neutron's ext-gw-mode and l3-ext-gw-mode): null or
 * an empty object clears the gateway (Neutron's dict_or_nodata; `openstack router unset
 * --external-gateway` sends {}); any other object needs network_id. enable_snat and
 * external_fixed_ips are admin-only (the l3 owner checks).
 */
export const externalGatewayRequestSchema = z.strictObject({
  network_id: uuidString.optional(),
  enable_snat: neutronBoolean.optional(),
  external_fixed_ips: z.array(externalFixedIpRequestSchema).max(16).optional(),
})
  .refine((g) => Object.keys(g).length === 0 || g.network_id !== undefined, { message: 'is required', path: ['network_id'] })
  .transform((g) => (g.network_id === undefined ? null : { ...g, network_id: g.network_id }))
  .nullable();
export type ExternalGatewayRequest = z.infer<typeof externalGatewayRequestSchema>;

/** An extra route (Neutron's extraroute): the nexthop must be on a subnet the router is connected to. */
export const routeSchema = z.strictObject({ destination: cidrString, nexthop: ipAddressString });
export type Route = z.infer<typeof routeSchema>;

export const routerStatuses = ['ACTIVE', 'DOWN', 'BUILD', 'ERROR', 'ALLOCATING'] as const;

/** POST/PUT /v2.0/routers: a centralized (legacy) router as Neutron's L3 plugin shows it. */
export const routerResource: ResourceSpec = {
  service: 'l3',
  collection: 'routers',
  member: 'router',
  extensions: [
    'router', 'ext-gw-mode', 'l3-ext-gw-mode', 'extraroute', 'dvr', 'l3-ha', 'router_availability_zone', 'l3_agent_scheduler',
    'standard-attr-description', 'standard-attr-tag', 'standard-attr-timestamp', 'standard-attr-revisions', 'project-id',
  ],
  taggable: true,
  extensionResource: true,
  attributes: {
    ...standardAttributes(),
    name: { schema: nameString, allowPost: true, allowPut: true, default: '', isVisible: true },
    admin_state_up: { schema: neutronBoolean, allowPost: true, allowPut: true, default: true, isVisible: true },
    status: { schema: z.enum(routerStatuses), allowPost: false, allowPut: false, isVisible: true },
    external_gateway_info: { schema: externalGatewayRequestSchema, allowPost: true, allowPut: true, default: null, isVisible: true, filter: false, sort: false },
    routes: { schema: nullAsEmptyList(routeSchema), allowPost: false, allowPut: true, isVisible: true, filter: false, sort: false },
    // Only centralized, non-HA routers exist here; Neutron shows both flags to admins only.
    distributed: { schema: neutronBoolean.refine((v) => v === false, 'only centralized routers are supported'), allowPost: true, allowPut: true, default: false, isVisible: true },
    ha: { schema: neutronBoolean.refine((v) => v === false, 'only non-HA routers are supported'), allowPost: true, allowPut: true, default: false, isVisible: true },
    availability_zone_hints: {
      schema: z.array(z.string().min(1).max(255)), allowPost: true, allowPut: false, default: [], isVisible: true, sort: false,
    },
    availability_zones: { schema: z.array(z.string()), allowPost: false, allowPut: false, isVisible: true, sort: false },
  },
};

export const ExternalFixedIpSchema = z.object({ subnet_id: z.string(), ip_address: z.string() });
export const ExternalGatewayInfoSchema = z.object({
  network_id: z.string(),
  enable_snat: z.boolean(),
  external_fixed_ips: z.array(ExternalFixedIpSchema),
});
export type ExternalGatewayInfo = z.infer<typeof ExternalGatewayInfoSchema>;

/** A router as Neutron shows it, and as every l3.router.* event carries it. */
export const RouterSchema = z.object({
  ...standardFields,
  name: z.string(),
  admin_state_up: z.boolean(),
  status: z.enum(routerStatuses),
  external_gateway_info: ExternalGatewayInfoSchema.nullable(),
  routes: z.array(z.object({ destination: z.string(), nexthop: z.string() })),
  distributed: z.boolean(),
  ha: z.boolean(),
  availability_zone_hints: z.array(z.string()),
  availability_zones: z.array(z.string()),
});
export type Router = z.infer<typeof RouterSchema>;

/** `PUT /v2.0/routers/{id}/add_router_interface` and `remove_router_interface`: exactly one of the two. */
export const routerInterfaceRequestSchema = z.strictObject({
  subnet_id: uuidString.optional(),
  port_id: uuidString.optional(),
});
export type RouterInterfaceRequest = z.infer<typeof routerInterfaceRequestSchema>;

/** What Neutron answers to add/remove_router_interface. */
export interface RouterInterfaceInfo {
  id: string;
  tenant_id: string;
  project_id: string;
  port_id: string;
  network_id: string;
  subnet_id: string;
  subnet_ids: string[];
}

/** One interface of a router, as l3 records it (the port itself lives in ipam). */
export const RouterInterfaceSchema = z.object({
  port_id: z.string(),
  network_id: z.string(),
  subnet_ids: z.array(z.string()),
  /** The CIDRs of those subnets, for overlap, route and reachability checks without asking ipam. */
  cidrs: z.array(z.string()),
});
export type RouterInterface = z.infer<typeof RouterInterfaceSchema>;

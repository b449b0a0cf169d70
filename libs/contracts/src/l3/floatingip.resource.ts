import { z } from 'zod';
import { standardAttributes, uuidString, type ResourceSpec } from '../resource.js';
import { ipAddressString } from '../ipam/formats.js';
import { standardFields } from '../ipam/standard-fields.js';

export const floatingipStatuses = ['ACTIVE', 'DOWN', 'ERROR'] as const;

/** POST/PUT /v2.0/floatingips (Neutron's router extension plus fip-port-details). */
export const floatingipResource: ResourceSpec = {
  service: 'l3',
  collection: 'floatingips',
  member: 'floatingip',
  extensions: ['router', 'fip-port-details', 'standard-attr-description', 'standard-attr-tag', 'standard-attr-timestamp', 'standard-attr-revisions', 'project-id'],
  taggable: true,
  extensionResource: true,
  attributes: {
    ...standardAttributes(),
    floating_network_id: { schema: uuidString, allowPost: true, allowPut: false, required: true, isVisible: true },
    floating_ip_address: { schema: ipAddressString, allowPost: true, allowPut: false, isVisible: true },
    // Which external subnet to take the address from; not shown (as in Neutron).
    subnet_id: { schema: uuidString.nullable(), allowPost: true, allowPut: false, isVisible: false },
    port_id: { schema: uuidString.nullable(), allowPost: true, allowPut: true, default: null, isVisible: true },
    fixed_ip_address: { schema: ipAddressString.nullable(), allowPost: true, allowPut: true, isVisible: true },
    router_id: { schema: uuidString.nullable(), allowPost: false, allowPut: false, isVisible: true },
    status: { schema: z.enum(floatingipStatuses), allowPost: false, allowPut: false, isVisible: true },
    port_details: { schema: z.unknown(), allowPost: false, allowPut: false, isVisible: true, filter: false, sort: false },
    port_forwardings: { schema: z.array(z.unknown()), allowPost: false, allowPut: false, isVisible: true, filter: false, sort: false },
  },
};

export const PortDetailsSchema = z.object({
  name: z.string(),
  network_id: z.string(),
  mac_address: z.string(),
  admin_state_up: z.boolean(),
  status: z.string(),
  device_id: z.string(),
  device_owner: z.string(),
});
export type PortDetails = z.infer<typeof PortDetailsSchema>;

/** A floating IP as Neutron shows it, and as every l3.floatingip.* event carries it. */
export const FloatingipSchema = z.object({
  ...standardFields,
  floating_network_id: z.string(),
  floating_ip_address: z.string(),
  port_id: z.string().nullable(),
  fixed_ip_address: z.string().nullable(),
  router_id: z.string().nullable(),
  status: z.enum(floatingipStatuses),
  port_details: PortDetailsSchema.nullable(),
  port_forwardings: z.array(z.unknown()),
});
export type Floatingip = z.infer<typeof FloatingipSchema>;

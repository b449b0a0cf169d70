import { z } from 'zod';
import { nameString, neutronBoolean, standardAttributes, type ResourceSpec } from '../resource.js';
import { integerValue } from './formats.js';
import { standardFields } from './standard-fields.js';

export const networkTypes = ['flat', 'vlan', 'vxlan', 'local'] as const;
export type NetworkType = (typeof networkTypes)[number];

/** 68 is IPv4's minimum MTU; 9000 is the largest jumbo frame we let a network ask for. */
export const MIN_NETWORK_MTU = 68;
export const MAX_NETWORK_MTU = 9000;

/** POST/PUT /v2.0/networks — Neutron's network with provider, external-net, mtu, port-security and AZ extensions. */
export const networkResource: ResourceSpec = {
  service: 'ipam',
  collection: 'networks',
  member: 'network',
  extensions: [
    'provider', 'external-net', 'net-mtu', 'net-mtu-writable', 'port-security',
    'standard-attr-description', 'standard-attr-tag', 'standard-attr-timestamp', 'standard-attr-revisions', 'project-id',
  ],
  taggable: true,
  attributes: {
    ...standardAttributes(),
    name: { schema: nameString, allowPost: true, allowPut: true, default: '', isVisible: true },
    admin_state_up: { schema: neutronBoolean, allowPost: true, allowPut: true, default: true, isVisible: true },
    status: { schema: z.string(), allowPost: false, allowPut: false, isVisible: true },
    subnets: { schema: z.array(z.string()), allowPost: false, allowPut: false, isVisible: true, sort: false },
    shared: { schema: neutronBoolean, allowPost: true, allowPut: true, default: false, isVisible: true },
    'router:external': { schema: neutronBoolean, allowPost: true, allowPut: true, default: false, isVisible: true },
    // No default: the owner derives it from the network type (1450 for VXLAN, 1500 for flat/VLAN).
    mtu: {
      schema: integerValue.pipe(z.number().int().min(MIN_NETWORK_MTU).max(MAX_NETWORK_MTU)),
      allowPost: true, allowPut: true, isVisible: true,
    },
    port_security_enabled: { schema: neutronBoolean, allowPost: true, allowPut: true, default: true, isVisible: true },
    'provider:network_type': {
      schema: z.enum(networkTypes), allowPost: true, allowPut: true, isVisible: true,
    },
    'provider:physical_network': {
      schema: z.string().min(1).max(64).nullable(), allowPost: true, allowPut: true, isVisible: true,
    },
    'provider:segmentation_id': {
      schema: integerValue.pipe(z.number().int().min(0)).nullable(), allowPost: true, allowPut: true, isVisible: true,
    },
    availability_zone_hints: {
      schema: z.array(z.string().min(1).max(255)), allowPost: true, allowPut: false, default: [], isVisible: true, sort: false,
    },
    availability_zones: { schema: z.array(z.string()), allowPost: false, allowPut: false, isVisible: true, sort: false },
    is_default: { schema: neutronBoolean, allowPost: true, allowPut: true, default: false, isVisible: true },
  },
};

/** A network as Neutron shows it, and as every ipam.network.* event carries it. */
export const NetworkSchema = z.object({
  ...standardFields,
  name: z.string(),
  admin_state_up: z.boolean(),
  status: z.enum(['ACTIVE', 'DOWN', 'BUILD', 'ERROR']),
  subnets: z.array(z.string()),
  shared: z.boolean(),
  'router:external': z.boolean(),
  mtu: z.number().int(),
  port_security_enabled: z.boolean(),
  'provider:network_type': z.enum(networkTypes),
  'provider:physical_network': z.string().nullable(),
  'provider:segmentation_id': z.number().int().nullable(),
  availability_zone_hints: z.array(z.string()),
  availability_zones: z.array(z.string()),
  is_default: z.boolean(),
});
export type Network = z.infer<typeof NetworkSchema>;

import { z } from 'zod';
import { NetworkSchema } from './network.resource.js';
import { PortSchema, portStatuses } from './port.resource.js';
import { SubnetSchema } from './subnet.resource.js';
import { SubnetpoolSchema } from './subnetpool.resource.js';
import { RbacPolicySchema } from './rbac-policy.resource.js';

/**
 * Every IPAM event is "fat": its data holds the whole resource as Neutron shows it after the
 * change (for *.deleted: as it was when deleted), so a subscriber needs nothing else. Tag changes
 * and changes made by other services (subnets added to a network, port bindings) are *.updated.
 */
export const IpamEventType = {
  networkCreated: 'ipam.network.created',
  networkUpdated: 'ipam.network.updated',
  networkDeleted: 'ipam.network.deleted',
  subnetCreated: 'ipam.subnet.created',
  subnetUpdated: 'ipam.subnet.updated',
  subnetDeleted: 'ipam.subnet.deleted',
  subnetpoolCreated: 'ipam.subnetpool.created',
  subnetpoolUpdated: 'ipam.subnetpool.updated',
  subnetpoolDeleted: 'ipam.subnetpool.deleted',
  portCreated: 'ipam.port.created',
  portUpdated: 'ipam.port.updated',
  portDeleted: 'ipam.port.deleted',
  portStatusChanged: 'ipam.port.status_changed',
  rbacPolicyCreated: 'ipam.rbac_policy.created',
  rbacPolicyUpdated: 'ipam.rbac_policy.updated',
  rbacPolicyDeleted: 'ipam.rbac_policy.deleted',
} as const;
export type IpamEventTypeName = (typeof IpamEventType)[keyof typeof IpamEventType];

export const NetworkEventDataSchema = z.object({ network: NetworkSchema });
export const SubnetEventDataSchema = z.object({ subnet: SubnetSchema });
export const SubnetpoolEventDataSchema = z.object({ subnetpool: SubnetpoolSchema });
export const PortEventDataSchema = z.object({ port: PortSchema });
export const RbacPolicyEventDataSchema = z.object({ rbac_policy: RbacPolicySchema });
export const PortStatusChangedDataSchema = z.object({ port: PortSchema, previous_status: z.enum(portStatuses) });

export type NetworkEventData = z.infer<typeof NetworkEventDataSchema>;
export type SubnetEventData = z.infer<typeof SubnetEventDataSchema>;
export type SubnetpoolEventData = z.infer<typeof SubnetpoolEventDataSchema>;
export type PortEventData = z.infer<typeof PortEventDataSchema>;
export type PortStatusChangedData = z.infer<typeof PortStatusChangedDataSchema>;
export type RbacPolicyEventData = z.infer<typeof RbacPolicyEventDataSchema>;

/** An IPAM event as a decider emits it and evolve() folds it: type, schema version, project and data. */
interface IpamEventOf<T extends IpamEventTypeName, D> {
  type: T;
  version: 1;
  projectId: string;
  data: D;
}

export type NetworkEvent =
  | IpamEventOf<typeof IpamEventType.networkCreated, NetworkEventData>
  | IpamEventOf<typeof IpamEventType.networkUpdated, NetworkEventData>
  | IpamEventOf<typeof IpamEventType.networkDeleted, NetworkEventData>;
export type SubnetEvent =
  | IpamEventOf<typeof IpamEventType.subnetCreated, SubnetEventData>
  | IpamEventOf<typeof IpamEventType.subnetUpdated, SubnetEventData>
  | IpamEventOf<typeof IpamEventType.subnetDeleted, SubnetEventData>;
export type SubnetpoolEvent =
  | IpamEventOf<typeof IpamEventType.subnetpoolCreated, SubnetpoolEventData>
  | IpamEventOf<typeof IpamEventType.subnetpoolUpdated, SubnetpoolEventData>
  | IpamEventOf<typeof IpamEventType.subnetpoolDeleted, SubnetpoolEventData>;
export type PortEvent =
  | IpamEventOf<typeof IpamEventType.portCreated, PortEventData>
  | IpamEventOf<typeof IpamEventType.portUpdated, PortEventData>
  | IpamEventOf<typeof IpamEventType.portDeleted, PortEventData>
  | IpamEventOf<typeof IpamEventType.portStatusChanged, PortStatusChangedData>;
export type RbacPolicyEvent =
  | IpamEventOf<typeof IpamEventType.rbacPolicyCreated, RbacPolicyEventData>
  | IpamEventOf<typeof IpamEventType.rbacPolicyUpdated, RbacPolicyEventData>
  | IpamEventOf<typeof IpamEventType.rbacPolicyDeleted, RbacPolicyEventData>;
export type IpamEvent = NetworkEvent | SubnetEvent | SubnetpoolEvent | PortEvent | RbacPolicyEvent;

/** Event type → (version → data schema): what the AsyncAPI document and JSON Schemas are generated from. */
export const ipamEventSchemas: Record<IpamEventTypeName, Record<number, z.ZodType>> = {
  [IpamEventType.networkCreated]: { 1: NetworkEventDataSchema },
  [IpamEventType.networkUpdated]: { 1: NetworkEventDataSchema },
  [IpamEventType.networkDeleted]: { 1: NetworkEventDataSchema },
  [IpamEventType.subnetCreated]: { 1: SubnetEventDataSchema },
  [IpamEventType.subnetUpdated]: { 1: SubnetEventDataSchema },
  [IpamEventType.subnetDeleted]: { 1: SubnetEventDataSchema },
  [IpamEventType.subnetpoolCreated]: { 1: SubnetpoolEventDataSchema },
  [IpamEventType.subnetpoolUpdated]: { 1: SubnetpoolEventDataSchema },
  [IpamEventType.subnetpoolDeleted]: { 1: SubnetpoolEventDataSchema },
  [IpamEventType.portCreated]: { 1: PortEventDataSchema },
  [IpamEventType.portUpdated]: { 1: PortEventDataSchema },
  [IpamEventType.portDeleted]: { 1: PortEventDataSchema },
  [IpamEventType.portStatusChanged]: { 1: PortStatusChangedDataSchema },
  [IpamEventType.rbacPolicyCreated]: { 1: RbacPolicyEventDataSchema },
  [IpamEventType.rbacPolicyUpdated]: { 1: RbacPolicyEventDataSchema },
  [IpamEventType.rbacPolicyDeleted]: { 1: RbacPolicyEventDataSchema },
};

/** The event stream of one aggregate: 'network-<uuid>' etc. (DESIGN.md §3). */
export const ipamStreamName = (aggregate: 'network' | 'subnet' | 'subnetpool' | 'port' | 'agent' | 'rbac_policy', id: string): string => `${aggregate}-${id}`;

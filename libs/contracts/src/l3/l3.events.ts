import { z } from 'zod';
import { FloatingipSchema } from './floatingip.resource.js';
import { RouterInterfaceSchema, RouterSchema } from './router.resource.js';

/**
 * L3's events, fat like IPAM's: each carries the resource as Neutron shows it after the change.
 * Interfaces and the agent a router is scheduled to are not part of Neutron's router document, so
 * their events carry them beside it.
 */
export const L3EventType = {
  routerCreated: 'l3.router.created',
  routerUpdated: 'l3.router.updated',
  routerDeleted: 'l3.router.deleted',
  routerInterfaceAdded: 'l3.router.interface_added',
  routerInterfaceRemoved: 'l3.router.interface_removed',
  /** The router's gateway port (in ipam) was created or removed. */
  routerGatewayPortSet: 'l3.router.gateway_port_set',
  /** The router was placed on an L3 agent (or taken off one: host null). */
  routerScheduled: 'l3.router.scheduled',
  floatingipCreated: 'l3.floatingip.created',
  floatingipUpdated: 'l3.floatingip.updated',
  floatingipDeleted: 'l3.floatingip.deleted',
  floatingipStatusChanged: 'l3.floatingip.status_changed',
} as const;
export type L3EventTypeName = (typeof L3EventType)[keyof typeof L3EventType];

export const RouterEventDataSchema = z.object({ router: RouterSchema });
export const RouterInterfaceEventDataSchema = z.object({ router: RouterSchema, interface: RouterInterfaceSchema });
export const RouterGatewayPortEventDataSchema = z.object({ router: RouterSchema, gateway_port_id: z.string().nullable() });
export const RouterScheduledEventDataSchema = z.object({
  router: RouterSchema,
  agent_id: z.string().nullable(),
  host: z.string().nullable(),
  previous_host: z.string().nullable(),
});
export const FloatingipEventDataSchema = z.object({ floatingip: FloatingipSchema, floating_port_id: z.string() });
export const FloatingipStatusChangedDataSchema = FloatingipEventDataSchema.extend({ previous_status: z.string() });

export type RouterEventData = z.infer<typeof RouterEventDataSchema>;
export type RouterInterfaceEventData = z.infer<typeof RouterInterfaceEventDataSchema>;
export type RouterGatewayPortEventData = z.infer<typeof RouterGatewayPortEventDataSchema>;
export type RouterScheduledEventData = z.infer<typeof RouterScheduledEventDataSchema>;
export type FloatingipEventData = z.infer<typeof FloatingipEventDataSchema>;
export type FloatingipStatusChangedData = z.infer<typeof FloatingipStatusChangedDataSchema>;

interface L3EventOf<T extends L3EventTypeName, D> {
  type: T;
  version: 1;
  projectId: string;
  data: D;
}

export type RouterEvent =
  | L3EventOf<typeof L3EventType.routerCreated, RouterEventData>
  | L3EventOf<typeof L3EventType.routerUpdated, RouterEventData>
  | L3EventOf<typeof L3EventType.routerDeleted, RouterEventData>
  | L3EventOf<typeof L3EventType.routerInterfaceAdded, RouterInterfaceEventData>
  | L3EventOf<typeof L3EventType.routerInterfaceRemoved, RouterInterfaceEventData>
  | L3EventOf<typeof L3EventType.routerGatewayPortSet, RouterGatewayPortEventData>
  | L3EventOf<typeof L3EventType.routerScheduled, RouterScheduledEventData>;
export type FloatingipEvent =
  | L3EventOf<typeof L3EventType.floatingipCreated, FloatingipEventData>
  | L3EventOf<typeof L3EventType.floatingipUpdated, FloatingipEventData>
  | L3EventOf<typeof L3EventType.floatingipDeleted, FloatingipEventData>
  | L3EventOf<typeof L3EventType.floatingipStatusChanged, FloatingipStatusChangedData>;
export type L3Event = RouterEvent | FloatingipEvent;

export const l3EventSchemas: Record<L3EventTypeName, Record<number, z.ZodType>> = {
  [L3EventType.routerCreated]: { 1: RouterEventDataSchema },
  [L3EventType.routerUpdated]: { 1: RouterEventDataSchema },
  [L3EventType.routerDeleted]: { 1: RouterEventDataSchema },
  [L3EventType.routerInterfaceAdded]: { 1: RouterInterfaceEventDataSchema },
  [L3EventType.routerInterfaceRemoved]: { 1: RouterInterfaceEventDataSchema },
  [L3EventType.routerGatewayPortSet]: { 1: RouterGatewayPortEventDataSchema },
  [L3EventType.routerScheduled]: { 1: RouterScheduledEventDataSchema },
  [L3EventType.floatingipCreated]: { 1: FloatingipEventDataSchema },
  [L3EventType.floatingipUpdated]: { 1: FloatingipEventDataSchema },
  [L3EventType.floatingipDeleted]: { 1: FloatingipEventDataSchema },
  [L3EventType.floatingipStatusChanged]: { 1: FloatingipStatusChangedDataSchema },
};

export const l3StreamName = (aggregate: 'router' | 'floatingip', id: string): string => `${aggregate}-${id}`;

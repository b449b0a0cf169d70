import type { ActualFlows, ActualOvs, HostOperation } from '@muon/agent-domain';

/** The operations an OvsDriver applies: OVSDB rows. */
export type OvsOperation = Extract<HostOperation, { kind: 'bridge.create' | 'bridge.update' | 'port.create' | 'port.delete' | 'port.update' | 'interface.update' }>;
export const isOvsOperation = (op: HostOperation): op is OvsOperation =>
  op.kind.startsWith('bridge.') || op.kind.startsWith('port.') || op.kind === 'interface.update';

/** Open vSwitch of one host: its database and the flow tables of the bridges the agent manages. */
export interface OvsDriver {
  /** Bridges, ports and interfaces as they are now. */
  readOvs(): Promise<ActualOvs>;
  /** Flow count and cookies of each bridge; a bridge that does not exist has none. */
  readFlows(bridges: readonly string[]): Promise<Record<string, ActualFlows>>;
  /** Applies the operations in one transaction (waiting for ovs-vswitchd when ports or bridges come or go). */
  apply(operations: readonly OvsOperation[]): Promise<void>;
  /** Replaces a bridge's whole flow table atomically. */
  replaceFlows(bridge: string, flows: readonly string[]): Promise<void>;
  /** Called whenever the database changes (a VM plugged, a port deleted by hand…). */
  onChange(listener: () => void): () => void;
  /** The switch as `ovs-vsctl show` prints it. */
  show(): Promise<string>;
  close(): Promise<void>;
}

/**
 * What each managed bridge's flow table must do, in terms of port names. Rendering turns names
 * into the ofports ovs-vswitchd assigned, which is why intents and rendering are separate.
 */
export interface TunnelFlowIntent {
  kind: 'tunnel';
  bridge: string;
  patchPort: string;
  tunnelPorts: string[];
  /** Per network: local tag ↔ VNI, and the tunnel ports of the hosts that also have it. */
  networks: { tag: number; vni: number; tunnelPorts: string[] }[];
}

/** A provider network on a physical bridge: VLAN id, or null for flat (untagged). */
export interface ProviderSegment {
  tag: number;
  segmentationId: number | null;
}

export interface IntegrationFlowIntent {
  kind: 'integration';
  bridge: string;
  /** Per bridge mapping: the br-int patch port and the provider networks behind it. */
  physical: { patchPort: string; segments: ProviderSegment[] }[];
}

export interface PhysicalFlowIntent {
  kind: 'physical';
  bridge: string;
  patchPort: string;
  segments: ProviderSegment[];
}

export type FlowIntent = TunnelFlowIntent | IntegrationFlowIntent | PhysicalFlowIntent;

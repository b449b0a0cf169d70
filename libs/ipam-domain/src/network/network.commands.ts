import type { Network } from '@muon/contracts';
import type { ProviderSegment } from '../segment/provider-segment.js';

/** The body of POST /networks after request validation (defaults may or may not be filled in). */
export interface NetworkCreateAttributes {
  project_id: string;
  name?: string;
  description?: string;
  admin_state_up?: boolean;
  shared?: boolean;
  'router:external'?: boolean;
  mtu?: number;
  port_security_enabled?: boolean;
  availability_zone_hints?: string[];
  is_default?: boolean;
  'provider:network_type'?: Network['provider:network_type'];
  'provider:physical_network'?: string | null;
  'provider:segmentation_id'?: number | null;
}

export type NetworkChanges = Partial<Pick<Network,
  | 'name' | 'description' | 'admin_state_up' | 'shared' | 'router:external' | 'mtu' | 'port_security_enabled' | 'is_default'
  | 'provider:network_type' | 'provider:physical_network' | 'provider:segmentation_id'>>;

/** A port on the network, as far as deleting the network cares. */
export interface NetworkPortFact {
  id: string;
  device_owner: string;
}

export type NetworkCommand =
  | {
      type: 'create';
      id: string;
      now: string;
      attributes: NetworkCreateAttributes;
      /** The segment the owner planned (planSegment) and reserved under its unique index. */
      segment: ProviderSegment;
      /** The physical MTU (Neutron's global_physnet_mtu); 1500 when absent. */
      globalPhysnetMtu?: number;
    }
  | {
      type: 'update';
      id: string;
      now: string;
      ifRevision?: number;
      changes: NetworkChanges;
      globalPhysnetMtu?: number;
      /** Whether ports or subnets of other projects use the network (checked when shared goes false). */
      otherProjectsInUse?: boolean;
      /** Whether router gateway ports sit on the network (checked when router:external goes false). */
      hasGatewayPorts?: boolean;
    }
  | {
      type: 'delete';
      id: string;
      now: string;
      ifRevision?: number;
      /** Every port on the network. DHCP and other auto-deleted ports do not hold it. */
      ports: NetworkPortFact[];
    }
  /** A subnet was created on / removed from the network: Neutron bumps the network's revision. */
  | { type: 'add_subnet'; id: string; now: string; subnetId: string }
  | { type: 'remove_subnet'; id: string; now: string; subnetId: string }
  | { type: 'set_tags'; id: string; now: string; ifRevision?: number; tags: string[] }
  /** Its RBAC policies changed: `shared` and `router:external` follow them (networkFlagsFromPolicies). */
  | { type: 'set_access'; id: string; now: string; shared: boolean; 'router:external': boolean };

export interface NetworkState {
  network: Network | null;
  deleted: boolean;
}

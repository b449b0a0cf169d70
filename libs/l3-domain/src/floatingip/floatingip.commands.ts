import type { PortDetails } from '@muon/contracts';

/** Where a floating IP points: the port, which of its fixed IPs, through which router. */
export interface FloatingipAssociation {
  port_id: string;
  fixed_ip_address: string;
  router_id: string;
  port_details: PortDetails;
}

export interface FloatingipCreateAttributes {
  project_id: string;
  description: string;
  floating_network_id: string;
}

export type FloatingipCommand =
  | { type: 'create'; id: string; now: string; attributes: FloatingipCreateAttributes; floatingIpAddress: string; floatingPortId: string; association: FloatingipAssociation | null }
  | { type: 'update'; id: string; now: string; ifRevision?: number; description?: string; association?: FloatingipAssociation | null }
  | { type: 'set_status'; id: string; now: string; status: 'ACTIVE' | 'DOWN' | 'ERROR' }
  | { type: 'set_tags'; id: string; now: string; ifRevision?: number; tags: string[] }
  | { type: 'delete'; id: string; now: string; ifRevision?: number };

import type { ExternalGatewayInfo, Route, RouterInterface } from '@muon/contracts';

/** What a create carries once the owner resolved the gateway (its port's fixed IPs) and applied defaults. */
export interface RouterCreateAttributes {
  project_id: string;
  name: string;
  description: string;
  admin_state_up: boolean;
  availability_zone_hints: string[];
}

export interface RouterChanges {
  name?: string;
  description?: string;
  admin_state_up?: boolean;
  routes?: Route[];
}

export type RouterCommand =
  | { type: 'create'; id: string; now: string; attributes: RouterCreateAttributes }
  | { type: 'update'; id: string; now: string; ifRevision?: number; changes: RouterChanges }
  /** The gateway after its port was created, changed or removed in ipam (null: no gateway). */
  | { type: 'set_gateway'; id: string; now: string; ifRevision?: number; gateway: ExternalGatewayInfo | null; gatewayPortId: string | null }
  | { type: 'add_interface'; id: string; now: string; interface: RouterInterface }
  | { type: 'remove_interface'; id: string; now: string; interface: RouterInterface }
  | { type: 'schedule'; id: string; now: string; agentId: string | null; host: string | null; previousHost: string | null; availabilityZone: string | null }
  | { type: 'set_tags'; id: string; now: string; ifRevision?: number; tags: string[] }
  | { type: 'delete'; id: string; now: string; ifRevision?: number; interfaceCount: number };

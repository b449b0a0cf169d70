import { L3Errors, L3EventType, type Floatingip, type FloatingipEvent } from '@muon/contracts';
import { assertRevision, changedKeys, normaliseTags, sameTags, touched } from '@muon/ipam-domain';
import type { FloatingipAssociation, FloatingipCommand } from './floatingip.commands.js';

export interface FloatingipState {
  floatingip: Floatingip | null;
  /** The port on the external network that holds the address (device_owner network:floatingip). */
  floatingPortId: string | null;
}

const event = (type: Exclude<FloatingipEvent['type'], 'l3.floatingip.status_changed'>, floatingip: Floatingip, floatingPortId: string): FloatingipEvent =>
  ({ type, version: 1, projectId: floatingip.project_id, data: { floatingip, floating_port_id: floatingPortId } }) as FloatingipEvent;

const associated = (fip: Floatingip, a: FloatingipAssociation | null): Floatingip => ({
  ...fip,
  port_id: a?.port_id ?? null,
  fixed_ip_address: a?.fixed_ip_address ?? null,
  router_id: a?.router_id ?? null,
  port_details: a?.port_details ?? null,
  // Disassociated addresses are down at once; an association is ACTIVE once the agent wired it.
  status: a && fip.port_id === a.port_id && fip.fixed_ip_address === a.fixed_ip_address ? fip.status : 'DOWN',
});

/** Floating IPs as Neutron keeps them: DOWN until the router's agent reports them wired. */
export function decideFloatingip(command: FloatingipCommand, state: FloatingipState): FloatingipEvent[] {
  if (command.type === 'create') {
    const a = command.attributes;
    const base: Floatingip = {
      id: command.id, project_id: a.project_id, tenant_id: a.project_id, description: a.description, tags: [],
      created_at: command.now, updated_at: command.now, revision_number: 1,
      floating_network_id: a.floating_network_id, floating_ip_address: command.floatingIpAddress,
      port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN', port_details: null, port_forwardings: [],
    };
    return [event(L3EventType.floatingipCreated, associated(base, command.association), command.floatingPortId)];
  }
  const current = state.floatingip;
  if (!current || !state.floatingPortId) throw L3Errors.floatingipNotFound(command.id);
  const portId = state.floatingPortId;
  switch (command.type) {
    case 'update': {
      assertRevision(current.revision_number, command.ifRevision);
      let next = command.description === undefined ? current : { ...current, description: command.description };
      if (command.association !== undefined) next = associated(next, command.association);
      return changedKeys(current, next).length === 0 ? [] : [event(L3EventType.floatingipUpdated, touched(next, command.now), portId)];
    }
    case 'set_status': {
      if (current.status === command.status) return [];
      // An agent's late report for an address no longer associated does not revive it.
      if (command.status === 'ACTIVE' && current.port_id === null) return [];
      const floatingip = touched({ ...current, status: command.status }, command.now);
      return [{
        type: L3EventType.floatingipStatusChanged, version: 1, projectId: floatingip.project_id,
        data: { floatingip, floating_port_id: portId, previous_status: current.status },
      }];
    }
    case 'set_tags': {
      assertRevision(current.revision_number, command.ifRevision);
      const tags = normaliseTags(command.tags);
      return sameTags(tags, current.tags) ? [] : [event(L3EventType.floatingipUpdated, touched({ ...current, tags }, command.now), portId)];
    }
    case 'delete':
      assertRevision(current.revision_number, command.ifRevision);
      return [event(L3EventType.floatingipDeleted, current, portId)];
  }
}

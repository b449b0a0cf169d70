import { L3Errors, L3EventType, type Router, type RouterEvent } from '@muon/contracts';
import { assertRevision, changedKeys, newResourceStandardFields, normaliseTags, sameTags, touched } from '@muon/ipam-domain';
import type { RouterCommand } from './router.commands.js';

export interface RouterState {
  router: Router | null;
}

const event = <T extends RouterEvent['type']>(type: T, router: Router, extra: object = {}): RouterEvent =>
  ({ type, version: 1, projectId: router.project_id, data: { router, ...extra } }) as RouterEvent;

/**
 * Routers as Neutron's L3 plugin keeps them: centralized, ACTIVE from birth. The owner checks what
 * needs other services' data (subnets, external networks, ports) before it decides; the decider
 * keeps the router's own rules: revisions, RouterInUse, what a change touches.
 */
export function decideRouter(command: RouterCommand, state: RouterState): RouterEvent[] {
  if (command.type === 'create') {
    const a = command.attributes;
    const router: Router = {
      ...newResourceStandardFields(command.id, a, command.now),
      admin_state_up: a.admin_state_up,
      status: 'ACTIVE',
      external_gateway_info: null,
      routes: [],
      distributed: false,
      ha: false,
      availability_zone_hints: a.availability_zone_hints,
      availability_zones: [],
    };
    return [event(L3EventType.routerCreated, router)];
  }
  const current = state.router;
  if (!current) throw L3Errors.routerNotFound(command.id);
  switch (command.type) {
    case 'update': {
      assertRevision(current.revision_number, command.ifRevision);
      const next = { ...current, ...definedOnly(command.changes) };
      return changedKeys(current, next).length === 0 ? [] : [event(L3EventType.routerUpdated, touched(next, command.now))];
    }
    case 'set_gateway': {
      assertRevision(current.revision_number, command.ifRevision);
      const next = { ...current, external_gateway_info: command.gateway };
      const changed = JSON.stringify(next.external_gateway_info) !== JSON.stringify(current.external_gateway_info);
      const router = changed ? touched(next, command.now) : current;
      return [event(L3EventType.routerGatewayPortSet, router, { gateway_port_id: command.gatewayPortId })];
    }
    case 'add_interface':
      return [event(L3EventType.routerInterfaceAdded, touched(current, command.now), { interface: command.interface })];
    case 'remove_interface':
      return [event(L3EventType.routerInterfaceRemoved, touched(current, command.now), { interface: command.interface })];
    case 'schedule': {
      if (command.host === command.previousHost) return [];
      const router = { ...current, availability_zones: command.availabilityZone ? [command.availabilityZone] : [] };
      return [event(L3EventType.routerScheduled, router, { agent_id: command.agentId, host: command.host, previous_host: command.previousHost })];
    }
    case 'set_tags': {
      assertRevision(current.revision_number, command.ifRevision);
      const tags = normaliseTags(command.tags);
      return sameTags(tags, current.tags) ? [] : [event(L3EventType.routerUpdated, touched({ ...current, tags }, command.now))];
    }
    case 'delete':
      assertRevision(current.revision_number, command.ifRevision);
      if (command.interfaceCount > 0) throw L3Errors.routerInUse(current.id);
      return [event(L3EventType.routerDeleted, current)];
  }
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

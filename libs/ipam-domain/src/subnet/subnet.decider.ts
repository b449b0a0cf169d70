import { Errors, IpamErrors, IpamEventType, type RequestContext, type Subnet, type SubnetEvent } from '@muon/contracts';
import { assertRevision, touched } from '../standard-attributes/revision.js';
import { normaliseTags, sameTags } from '../standard-attributes/tags.js';
import { buildNewSubnet } from './subnet-create.js';
import { portsBlockingSubnetDelete } from './subnet-delete.js';
import { subnetChanges } from './subnet-update.js';
import type { SubnetCommand, SubnetState } from './subnet.commands.js';

export const initialSubnetState = (): SubnetState => ({ subnet: null, deleted: false });

const event = (type: SubnetEvent['type'], subnet: Subnet): SubnetEvent =>
  ({ type, version: 1, projectId: subnet.project_id, data: { subnet } }) as SubnetEvent;

/** Decides what a command does to one subnet. Throws NeutronError when Neutron would refuse it. */
export function decideSubnet(command: SubnetCommand, state: SubnetState, ctx: RequestContext): SubnetEvent[] {
  if (command.type === 'create') {
    if (state.subnet || state.deleted) throw IpamErrors.alreadyExists('subnet', command.id);
    return [event(IpamEventType.subnetCreated, buildNewSubnet(command, ctx))];
  }
  const current = state.subnet;
  if (!current || state.deleted) throw Errors.notFound('subnet', command.id);
  assertRevision(current.revision_number, command.ifRevision);
  switch (command.type) {
    case 'update': {
      const changes = subnetChanges(current, command);
      if (Object.keys(changes).length === 0) return [];
      return [event(IpamEventType.subnetUpdated, touched({ ...current, ...changes }, command.now))];
    }
    case 'set_tags': {
      const tags = normaliseTags(command.tags);
      if (sameTags(tags, current.tags)) return [];
      return [event(IpamEventType.subnetUpdated, touched({ ...current, tags }, command.now))];
    }
    case 'delete': {
      if (portsBlockingSubnetDelete(current, command.allocations).length > 0) throw IpamErrors.subnetInUse(current.id);
      return [event(IpamEventType.subnetDeleted, current)];
    }
  }
}

/** Folds one stored event into the state; unknown event types leave it unchanged. */
export function evolveSubnet(state: SubnetState, e: { type: string; data: unknown }): SubnetState {
  const data = e.data as { subnet: Subnet };
  switch (e.type) {
    case IpamEventType.subnetCreated:
    case IpamEventType.subnetUpdated:
      return { subnet: data.subnet, deleted: false };
    case IpamEventType.subnetDeleted:
      return { subnet: data.subnet, deleted: true };
    default:
      return state;
  }
}

export const subnetDecider = { initialState: initialSubnetState, decide: decideSubnet, evolve: evolveSubnet } as const;

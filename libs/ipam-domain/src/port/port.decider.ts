import {
  Errors, IpamErrors, IpamEventType, SERVICE_PORT_OWNERS, type Port, type PortEvent, type RequestContext,
} from '@muon/contracts';
import { changedKeys } from '../standard-attributes/create-defaults.js';
import { assertRevision, touched } from '../standard-attributes/revision.js';
import { normaliseTags, sameTags } from '../standard-attributes/tags.js';
import { buildNewPort } from './port-create.js';
import { portAfterBinding, portAfterUpdate } from './port-update.js';
import type { PortCommand, PortState } from './port.commands.js';

export const initialPortState = (): PortState => ({ port: null, deleted: false });

const event = (type: Exclude<PortEvent['type'], 'ipam.port.status_changed'>, port: Port): PortEvent =>
  ({ type, version: 1, projectId: port.project_id, data: { port } }) as PortEvent;

export function decidePort(command: PortCommand, state: PortState, ctx: RequestContext): PortEvent[] {
  if (command.type === 'create') {
    if (state.port || state.deleted) throw IpamErrors.alreadyExists('port', command.id);
    return [event(IpamEventType.portCreated, buildNewPort(command, ctx))];
  }
  const current = state.port;
  if (!current || state.deleted) throw Errors.notFound('port', command.id);
  const updated = (next: Port): PortEvent[] =>
    changedKeys(current, next).length === 0 ? [] : [event(IpamEventType.portUpdated, touched(next, command.now))];
  switch (command.type) {
    case 'update':
      assertRevision(current.revision_number, command.ifRevision);
      return updated(portAfterUpdate(current, command, ctx));
    case 'release_subnet':
      return updated({ ...current, fixed_ips: current.fixed_ips.filter((f) => f.subnet_id !== command.subnetId) });
    case 'set_binding':
      return updated(portAfterBinding(current, command.binding));
    case 'set_tags': {
      assertRevision(current.revision_number, command.ifRevision);
      const tags = normaliseTags(command.tags);
      return sameTags(tags, current.tags) ? [] : updated({ ...current, tags });
    }
    case 'set_status': {
      const bound = command.binding ? portAfterBinding(current, command.binding) : current;
      if (command.status === current.status) return updated(bound);
      const port = touched({ ...bound, status: command.status }, command.now);
      return [{
        type: IpamEventType.portStatusChanged, version: 1, projectId: port.project_id,
        data: { port, previous_status: current.status },
      }];
    }
    case 'delete':
      assertRevision(current.revision_number, command.ifRevision);
      // Router and floating IP ports belong to the L3 service, which removes them itself.
      if (SERVICE_PORT_OWNERS.includes(current.device_owner) && !command.byOwningService) {
        throw IpamErrors.servicePortInUse(current.id, `has device owner ${current.device_owner}`);
      }
      return [event(IpamEventType.portDeleted, current)];
  }
}

export function evolvePort(state: PortState, e: { type: string; data: unknown }): PortState {
  const data = e.data as { port: Port };
  switch (e.type) {
    case IpamEventType.portCreated:
    case IpamEventType.portUpdated:
    case IpamEventType.portStatusChanged:
      return { port: data.port, deleted: false };
    case IpamEventType.portDeleted:
      return { port: data.port, deleted: true };
    default:
      return state;
  }
}

export const portDecider = { initialState: initialPortState, decide: decidePort, evolve: evolvePort } as const;

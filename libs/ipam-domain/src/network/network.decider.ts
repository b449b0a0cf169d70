import { Errors, IpamErrors, IpamEventType, networkResource, type Network, type NetworkEvent, type RequestContext } from '@muon/contracts';
import { assertSegmentShape, maxMtuFor, type ProviderSegment } from '../segment/provider-segment.js';
import { changedKeys, newResourceStandardFields, withCreateDefaults } from '../standard-attributes/create-defaults.js';
import { assertRevision, touched } from '../standard-attributes/revision.js';
import { normaliseTags, sameTags } from '../standard-attributes/tags.js';
import { portsBlockingNetworkDelete } from './network-delete.js';
import type { NetworkChanges, NetworkCommand, NetworkCreateAttributes, NetworkState } from './network.commands.js';

const DEFAULT_PHYSNET_MTU = 1500;

export const initialNetworkState = (): NetworkState => ({ network: null, deleted: false });

const event = (type: NetworkEvent['type'], network: Network): NetworkEvent =>
  ({ type, version: 1, projectId: network.project_id, data: { network } }) as NetworkEvent;

export function decideNetwork(command: NetworkCommand, state: NetworkState, _ctx: RequestContext): NetworkEvent[] {
  if (command.type === 'create') {
    if (state.network || state.deleted) throw IpamErrors.alreadyExists('network', command.id);
    return [event(IpamEventType.networkCreated, newNetwork(command))];
  }
  const current = state.network;
  if (!current || state.deleted) throw Errors.notFound('network', command.id);
  const changed = (next: Network): NetworkEvent[] =>
    changedKeys(current, next).length === 0 ? [] : [event(IpamEventType.networkUpdated, touched(next, command.now))];
  switch (command.type) {
    case 'update':
      assertRevision(current.revision_number, command.ifRevision);
      return changed(updatedNetwork(current, command));
    case 'set_tags': {
      assertRevision(current.revision_number, command.ifRevision);
      const tags = normaliseTags(command.tags);
      return sameTags(tags, current.tags) ? [] : changed({ ...current, tags });
    }
    case 'add_subnet':
      return current.subnets.includes(command.subnetId) ? [] : changed({ ...current, subnets: [...current.subnets, command.subnetId] });
    case 'set_access':
      return changed({ ...current, shared: command.shared, 'router:external': command['router:external'] });
    case 'remove_subnet':
      return changed({ ...current, subnets: current.subnets.filter((s) => s !== command.subnetId) });
    case 'delete': {
      assertRevision(current.revision_number, command.ifRevision);
      const blocking = portsBlockingNetworkDelete(command.ports);
      if (blocking.length > 0) throw IpamErrors.networkInUse(current.id, blocking);
      return [event(IpamEventType.networkDeleted, current)];
    }
  }
}

function newNetwork(command: Extract<NetworkCommand, { type: 'create' }>): Network {
  const a = withCreateDefaults(networkResource, command.attributes);
  assertSegmentShape(command.segment);
  assertSegmentMatchesRequest(a, command.segment);
  const maxMtu = maxMtuFor(command.segment.network_type, { globalPhysnetMtu: command.globalPhysnetMtu ?? DEFAULT_PHYSNET_MTU });
  if (a.mtu !== undefined && a.mtu > maxMtu) throw IpamErrors.mtuTooBig(maxMtu);
  return {
    ...newResourceStandardFields(command.id, a, command.now),
    admin_state_up: a.admin_state_up ?? true,
    status: 'ACTIVE',
    subnets: [],
    shared: a.shared ?? false,
    'router:external': a['router:external'] ?? false,
    mtu: a.mtu ?? maxMtu,
    port_security_enabled: a.port_security_enabled ?? true,
    'provider:network_type': command.segment.network_type,
    'provider:physical_network': command.segment.physical_network,
    'provider:segmentation_id': command.segment.segmentation_id,
    availability_zone_hints: a.availability_zone_hints ?? [],
    availability_zones: [],
    is_default: a.is_default ?? false,
  };
}

/** The owner reserved a segment for this request; recording one the request did not ask for would be a bug. */
function assertSegmentMatchesRequest(a: NetworkCreateAttributes, s: ProviderSegment): void {
  const mismatch =
    (a['provider:network_type'] !== undefined && a['provider:network_type'] !== s.network_type) ||
    (a['provider:physical_network'] != null && a['provider:physical_network'] !== s.physical_network) ||
    (a['provider:segmentation_id'] != null && a['provider:segmentation_id'] !== s.segmentation_id);
  if (mismatch) throw new Error(`reserved segment ${JSON.stringify(s)} does not match the requested provider attributes`);
}

const PROVIDER_KEYS = ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'] as const;

function updatedNetwork(current: Network, command: Extract<NetworkCommand, { type: 'update' }>): Network {
  const c: NetworkChanges = command.changes;
  if (PROVIDER_KEYS.some((k) => c[k] !== undefined && c[k] !== current[k])) throw IpamErrors.providerUpdateNotSupported();
  if (c.mtu !== undefined) {
    const maxMtu = maxMtuFor(current['provider:network_type'], { globalPhysnetMtu: command.globalPhysnetMtu ?? DEFAULT_PHYSNET_MTU });
    if (c.mtu > maxMtu) throw IpamErrors.mtuTooBig(maxMtu);
  }
  if (c.shared === false && current.shared && command.otherProjectsInUse) throw IpamErrors.invalidSharedSetting(current.id);
  if (c['router:external'] === false && current['router:external'] && command.hasGatewayPorts) {
    throw IpamErrors.externalNetworkInUse(current.id);
  }
  const next: Network = { ...current };
  for (const key of ['name', 'description', 'admin_state_up', 'shared', 'router:external', 'mtu', 'port_security_enabled', 'is_default'] as const) {
    if (c[key] !== undefined) (next as Record<string, unknown>)[key] = c[key];
  }
  return next;
}

export function evolveNetwork(state: NetworkState, e: { type: string; data: unknown }): NetworkState {
  const data = e.data as { network: Network };
  switch (e.type) {
    case IpamEventType.networkCreated:
    case IpamEventType.networkUpdated:
      return { network: data.network, deleted: false };
    case IpamEventType.networkDeleted:
      return { network: data.network, deleted: true };
    default:
      return state;
  }
}

export const networkDecider = { initialState: initialNetworkState, decide: decideNetwork, evolve: evolveNetwork } as const;

import {
  Errors, IpamErrors, IpamEventType, subnetpoolResource, type RequestContext, type Subnetpool, type SubnetpoolEvent,
} from '@muon/contracts';
import { changedKeys, newResourceStandardFields, withCreateDefaults } from '../standard-attributes/create-defaults.js';
import { assertRevision, touched } from '../standard-attributes/revision.js';
import { normaliseTags, sameTags } from '../standard-attributes/tags.js';
import { subtractRangeSet } from '../ranges/range-set.js';
import { formatPrefixes, parsePoolPrefixes } from './pool-prefixes.js';
import { resolvePrefixBounds } from './prefix-bounds.js';
import type { SubnetpoolCommand, SubnetpoolState } from './subnetpool.commands.js';

export const initialSubnetpoolState = (): SubnetpoolState => ({ subnetpool: null, deleted: false });

const event = (type: SubnetpoolEvent['type'], subnetpool: Subnetpool): SubnetpoolEvent =>
  ({ type, version: 1, projectId: subnetpool.project_id, data: { subnetpool } }) as SubnetpoolEvent;

export function decideSubnetpool(command: SubnetpoolCommand, state: SubnetpoolState, _ctx: RequestContext): SubnetpoolEvent[] {
  if (command.type === 'create') {
    if (state.subnetpool || state.deleted) throw IpamErrors.alreadyExists('subnetpool', command.id);
    return [event(IpamEventType.subnetpoolCreated, newSubnetpool(command))];
  }
  const current = state.subnetpool;
  if (!current || state.deleted) throw IpamErrors.subnetpoolNotFound(command.id);
  assertRevision(current.revision_number, command.ifRevision);
  switch (command.type) {
    case 'update': {
      const next = updatedSubnetpool(current, command.changes);
      if (changedKeys(current, next).length === 0) return [];
      return [event(IpamEventType.subnetpoolUpdated, touched(next, command.now))];
    }
    case 'set_tags': {
      const tags = normaliseTags(command.tags);
      if (sameTags(tags, current.tags)) return [];
      return [event(IpamEventType.subnetpoolUpdated, touched({ ...current, tags }, command.now))];
    }
    case 'delete':
      if (command.allocatedSubnetCount > 0) throw IpamErrors.subnetPoolDeleteError('Subnet pool has existing allocations');
      return [event(IpamEventType.subnetpoolDeleted, current)];
  }
}

function newSubnetpool(command: Extract<SubnetpoolCommand, { type: 'create' }>): Subnetpool {
  const a = withCreateDefaults(subnetpoolResource, command.attributes);
  if (!a.name) throw Errors.invalidAttribute('name', "'' Blank strings are not permitted");
  const prefixes = parsePoolPrefixes(a.prefixes);
  const bounds = resolvePrefixBounds(prefixes.version, a);
  return {
    ...newResourceStandardFields(command.id, a, command.now),
    prefixes: formatPrefixes(prefixes),
    ...bounds,
    ip_version: prefixes.version,
    shared: a.shared ?? false,
    is_default: a.is_default ?? false,
    address_scope_id: a.address_scope_id ?? null,
    default_quota: a.default_quota ?? null,
  };
}

/** A pool may grow but never drop address space: subnets may already live in it. */
function updatedSubnetpool(current: Subnetpool, changes: Extract<SubnetpoolCommand, { type: 'update' }>['changes']): Subnetpool {
  const next: Subnetpool = { ...current };
  if (changes.name !== undefined) {
    if (!changes.name) throw Errors.invalidAttribute('name', "'' Blank strings are not permitted");
    next.name = changes.name;
  }
  if (changes.description !== undefined) next.description = changes.description;
  if (changes.is_default !== undefined) next.is_default = changes.is_default;
  if (changes.address_scope_id !== undefined) next.address_scope_id = changes.address_scope_id;
  if (changes.default_quota !== undefined) next.default_quota = changes.default_quota;
  if (changes.prefixes !== undefined) {
    const wanted = parsePoolPrefixes(changes.prefixes);
    if (wanted.version !== current.ip_version) throw IpamErrors.prefixVersionMismatch();
    const before = parsePoolPrefixes(current.prefixes);
    if (subtractRangeSet(before.space, wanted.space).length > 0) {
      throw IpamErrors.illegalSubnetPoolPrefixUpdate('Existing prefixes must be a subset of the new prefixes');
    }
    next.prefixes = formatPrefixes(wanted);
  }
  const bounds = resolvePrefixBounds(current.ip_version, {
    min_prefixlen: changes.min_prefixlen ?? current.min_prefixlen,
    max_prefixlen: changes.max_prefixlen ?? current.max_prefixlen,
    default_prefixlen: changes.default_prefixlen ?? current.default_prefixlen,
  });
  return { ...next, ...bounds };
}

export function evolveSubnetpool(state: SubnetpoolState, e: { type: string; data: unknown }): SubnetpoolState {
  const data = e.data as { subnetpool: Subnetpool };
  switch (e.type) {
    case IpamEventType.subnetpoolCreated:
    case IpamEventType.subnetpoolUpdated:
      return { subnetpool: data.subnetpool, deleted: false };
    case IpamEventType.subnetpoolDeleted:
      return { subnetpool: data.subnetpool, deleted: true };
    default:
      return state;
  }
}

export const subnetpoolDecider = { initialState: initialSubnetpoolState, decide: decideSubnetpool, evolve: evolveSubnetpool } as const;

import { randomUUID } from 'node:crypto';
import { Errors, networkResource, portResource, SERVICE_PORT_OWNERS, type CommandRequest, type Network, type Port, type Subnet } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { planFixedIps, planFixedIpsUpdate, type PortChanges, type PortCreateAttributes, type SubnetOfPort } from '@muon/ipam-domain';
import { releaseAddresses, reserveAddresses } from '../reservations/ip-reservations.js';
import { releaseMac, reserveMac } from '../reservations/mac-reservations.js';
import { decideAndAppend } from './aggregates.js';
import { commandNow } from './command-meta.js';
import type { IpamSettings } from './ipam-settings.js';
import { loadLocked, loadLockedWith } from './resource-rows.js';

/** The network (row-locked FOR SHARE, so it can't be deleted under us) and all its subnets, in one round trip. */
async function networkWithSubnets(tx: StoreTransaction, req: CommandRequest, networkId: string): Promise<{ network: Network; subnets: SubnetOfPort[] }> {
  const { body: network, extra: subnets } = await loadLockedWith<Network, Subnet[]>(
    tx, networkResource, networkId, req.context, 'share',
    `coalesce((select json_agg(s.body order by s.id) from subnets s where s.body->>'network_id' = r.id::text), '[]'::json)`,
    { sharedReadable: true, action: 'create_port' });
  return { network, subnets };
}

/**
 * The hot path of the platform. Concurrent creates on one subnet never queue behind each other:
 * each reserves its own address and MAC rows under unique keys (DESIGN.md §2), then appends to the
 * port's own new stream.
 */
export async function createPort(tx: StoreTransaction, req: CommandRequest<PortCreateAttributes>, settings: IpamSettings): Promise<Port> {
  const attributes = req.body!;
  const id = randomUUID();
  const { network, subnets } = await networkWithSubnets(tx, req, attributes.network_id);
  const macAddress = await reserveMac(tx, network.id, id, attributes.mac_address, settings.macBase);
  const plan = planFixedIps({ networkId: network.id, requested: attributes.fixed_ips, subnets, deviceOwner: attributes.device_owner ?? '', macAddress });
  const fixedIps = await reserveAddresses(tx, network.id, id, plan);
  // loadLocked hands a member another project's network only when a policy shares it with them.
  const sharedWithCaller = network.shared || (!req.context.isAdmin && network.project_id !== req.context.projectId);
  return decideAndAppend<Port>(tx, req, 'port', id, null, {
    type: 'create', id, now: commandNow(), attributes, network: { ...network, shared: sharedWithCaller }, subnets, fixedIps, macAddress, defaultSecurityGroupId: null,
  });
}

export async function updatePort(tx: StoreTransaction, req: CommandRequest<PortChanges>, settings: IpamSettings): Promise<Port> {
  const current = await loadLocked<Port>(tx, portResource, req.id!, req.context, 'update');
  const changes = req.body!;
  assertServicePortKept(req, current, changes);
  let fixedIps;
  let subnets: SubnetOfPort[] | undefined;
  if (changes.fixed_ips !== undefined) {
    ({ subnets } = await networkWithSubnets(tx, { ...req, context: { ...req.context, isAdmin: true } }, current.network_id));
    const plan = planFixedIpsUpdate(current.fixed_ips, {
      networkId: current.network_id, requested: changes.fixed_ips, subnets, deviceOwner: changes.device_owner ?? current.device_owner, macAddress: current.mac_address,
    });
    await releaseAddresses(tx, current.id, plan.release);
    fixedIps = [...plan.keep, ...(await reserveAddresses(tx, current.network_id, current.id, plan.allocate))];
  }
  if (changes.mac_address !== undefined && changes.mac_address.toLowerCase() !== current.mac_address) {
    await reserveMac(tx, current.network_id, current.id, changes.mac_address, settings.macBase);
    await releaseMac(tx, current.network_id, current.mac_address, current.id);
  }
  return decideAndAppend<Port>(tx, req, 'port', current.id, current, {
    type: 'update', id: current.id, now: commandNow(), ifRevision: req.ifRevision, changes, subnets, fixedIps,
  });
}

/**
 * A router's or floating IP's port is the l3 service's record of it: through the port API nobody
 * may re-own it, move it to another device or change its addresses (l3 would no longer match it).
 */
function assertServicePortKept(req: CommandRequest, current: Port, changes: PortChanges): void {
  if (!SERVICE_PORT_OWNERS.includes(current.device_owner) || req.context.roles.includes('service')) return;
  const changed = (['device_owner', 'device_id', 'fixed_ips'] as const)
    .find((k) => changes[k] !== undefined && JSON.stringify(changes[k]) !== JSON.stringify(current[k]));
  if (changed) throw Errors.policyNotAuthorized(`update_port:${changed}`);
}

export async function deletePort(tx: StoreTransaction, req: CommandRequest): Promise<null> {
  const current = await loadLocked<Port>(tx, portResource, req.id!, req.context, 'update', { action: 'delete_port' });
  // Router and floating IP ports are deleted by the l3 service (a service context), never through the port API.
  await decideAndAppend(tx, req, 'port', current.id, current, {
    type: 'delete', id: current.id, now: commandNow(), ifRevision: req.ifRevision, byOwningService: req.context.roles.includes('service'),
  });
  return null;
}

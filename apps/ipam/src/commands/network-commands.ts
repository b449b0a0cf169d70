import { randomUUID } from 'node:crypto';
import { AUTO_DELETE_PORT_OWNERS, networkResource, type CommandRequest, type Network, type Port, type Subnet } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { planSegment, type NetworkChanges, type NetworkCreateAttributes } from '@muon/ipam-domain';
import { reserveSegment } from '../reservations/segment-reservations.js';
import { applyNetworkFlagsToPolicies, deletePoliciesOf } from '../rbac/rbac-policy-commands.js';
import { decideAndAppend } from './aggregates.js';
import { commandNow } from './command-meta.js';
import type { IpamSettings } from './ipam-settings.js';
import { lockNetworkExclusively } from './network-locks.js';
import { loadLocked } from './resource-rows.js';

export async function createNetwork(tx: StoreTransaction, req: CommandRequest<NetworkCreateAttributes>, settings: IpamSettings): Promise<Network> {
  const attributes = req.body!;
  const id = randomUUID();
  const segment = await reserveSegment(tx, id, planSegment(attributes, settings.segments));
  const network = await decideAndAppend<Network>(tx, req, 'network', id, null, {
    type: 'create', id, now: commandNow(), attributes, segment, globalPhysnetMtu: settings.segments.globalPhysnetMtu,
  });
  // shared / router:external are wildcard RBAC policies underneath, as in Neutron.
  await applyNetworkFlagsToPolicies(tx, req, { shared: false, 'router:external': false }, network,
    { shared: network.shared, 'router:external': network['router:external'] });
  return network;
}

export async function updateNetwork(tx: StoreTransaction, req: CommandRequest<NetworkChanges>, settings: IpamSettings): Promise<Network> {
  // Port creates read the network (shared) and its ports in other projects decide `shared: false`.
  await lockNetworkExclusively(tx, req.id!);
  const current = await loadLocked<Network>(tx, networkResource, req.id!, req.context, 'update');
  const changes = req.body!;
  let otherProjectsInUse = false;
  if (changes.shared === false && current.shared) {
    // Projects that a targeted access_as_shared policy keeps on the network may stay (Neutron's
    // _validate_projects_have_access_to_network).
    const { rows } = await tx.query(
      `with kept as (select g.body->>'target_tenant' as project_id from rbac_policies g
                      where g.body @> jsonb_build_object('object_type', 'network', 'object_id', $1::text, 'action', 'access_as_shared'))
       select 1 from ports where body->>'network_id' = $1 and project_id <> $2 and body->>'device_owner' <> 'network:dhcp'
                             and project_id not in (select project_id from kept)
       union all select 1 from subnets where body->>'network_id' = $1 and project_id <> $2
                             and project_id not in (select project_id from kept) limit 1`,
      [current.id, current.project_id],
    );
    otherProjectsInUse = rows.length > 0;
  }
  const hasGatewayPorts = changes['router:external'] === false && current['router:external']
    ? (await tx.query(`select 1 from ports where body->>'network_id' = $1 and body->>'device_owner' = 'network:router_gateway' limit 1`, [current.id])).rows.length > 0
    : false;
  const updated = await decideAndAppend<Network>(tx, req, 'network', current.id, current, {
    type: 'update', id: current.id, now: commandNow(), ifRevision: req.ifRevision, changes,
    globalPhysnetMtu: settings.segments.globalPhysnetMtu, otherProjectsInUse, hasGatewayPorts,
  });
  await applyNetworkFlagsToPolicies(tx, req, current, updated, { shared: changes.shared, 'router:external': changes['router:external'] });
  return updated;
}

/**
 * Deleting a network removes what Neutron removes with it: its auto-deleted ports (DHCP) and its
 * subnets, each as its own event, then the network — all in one transaction.
 */
export async function deleteNetwork(tx: StoreTransaction, req: CommandRequest): Promise<null> {
  // No port create may be under way while the delete counts the network's ports.
  await lockNetworkExclusively(tx, req.id!);
  const current = await loadLocked<Network>(tx, networkResource, req.id!, req.context, 'update', { action: 'delete_network' });
  const now = commandNow();
  const { rows: ports } = await tx.query<{ body: Port }>(`select body from ports where body->>'network_id' = $1 for update`, [current.id]);
  // The decider refuses (NetworkInUse) while ports other than auto-deleted ones remain.
  await decideAndAppend(tx, req, 'network', current.id, current, {
    type: 'delete', id: current.id, now, ifRevision: req.ifRevision,
    ports: ports.map((p) => ({ id: p.body.id, device_owner: p.body.device_owner })),
  });
  for (const { body: port } of ports) {
    if (AUTO_DELETE_PORT_OWNERS.includes(port.device_owner)) {
      await decideAndAppend(tx, req, 'port', port.id, port, { type: 'delete', id: port.id, now, byOwningService: true });
    }
  }
  const { rows: subnets } = await tx.query<{ body: Subnet }>(`select body from subnets where body->>'network_id' = $1 for update`, [current.id]);
  for (const { body: subnet } of subnets) {
    await decideAndAppend(tx, req, 'subnet', subnet.id, subnet, { type: 'delete', id: subnet.id, now, allocations: [] });
  }
  await deletePoliciesOf(tx, req, 'network', current);
  return null;
}

import { randomUUID } from 'node:crypto';
import {
  Errors, networkResource, subnetResource, IpamErrors,
  type CommandRequest, type Network, type Port, type Subnet, type Subnetpool,
} from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { portsReleasedWithSubnet, type SubnetChanges, type SubnetCreateAttributes, type SubnetpoolAllocationFacts } from '@muon/ipam-domain';
import { decideAndAppend } from './aggregates.js';
import { commandNow } from './command-meta.js';
import { lockNetworkExclusively } from './network-locks.js';
import { loadLocked, normaliseUuid } from './resource-rows.js';

/**
 * A subnet is created under the network's exclusive lock and row lock (so two overlapping subnets
 * can't race, and no port create reads the network's subnets meanwhile) and,
 * when it comes from a pool, under the pool's row lock (so two subnets never get one prefix).
 * The network records the subnet in its own stream in the same transaction, as Neutron bumps the
 * network's revision.
 */
export async function createSubnet(tx: StoreTransaction, req: CommandRequest<SubnetCreateAttributes>): Promise<Subnet> {
  const attributes = req.body!;
  await lockNetworkExclusively(tx, attributes.network_id);
  const network = await loadLocked<Network>(tx, networkResource, attributes.network_id, req.context, 'update', { action: 'create_subnet' });
  const { rows } = await tx.query<{ body: Subnet }>(`select body from subnets where body->>'network_id' = $1`, [network.id]);
  const subnetpool = await poolFacts(tx, attributes, req.context.projectId);
  const id = randomUUID();
  const now = commandNow();
  const subnet = await decideAndAppend<Subnet>(tx, req, 'subnet', id, null, {
    type: 'create', id, now, attributes,
    network: { id: network.id, project_id: network.project_id, shared: network.shared, subnets: rows.map((r) => r.body) },
    subnetpool,
  });
  await decideAndAppend(tx, req, 'network', network.id, network, { type: 'add_subnet', id: network.id, now, subnetId: id });
  return subnet;
}

async function poolFacts(tx: StoreTransaction, a: SubnetCreateAttributes, projectId: string | null): Promise<SubnetpoolAllocationFacts | null> {
  let pool: Subnetpool | undefined;
  if (a.subnetpool_id) {
    const { rows } = await tx.query<{ body: Subnetpool }>('select body from subnetpools where id = $1::uuid for update', [normaliseUuid(a.subnetpool_id, subnetResource)]);
    pool = rows[0]?.body;
    if (!pool) throw IpamErrors.subnetpoolNotFound(a.subnetpool_id);
  } else if (a.use_default_subnetpool) {
    const { rows } = await tx.query<{ body: Subnetpool }>(
      `select body from subnetpools where body @> $1::jsonb for update`, [JSON.stringify({ is_default: true, ip_version: a.ip_version })]);
    pool = rows[0]?.body;
  }
  if (!pool) return null;
  const { rows } = await tx.query<{ cidr: string; project_id: string }>(
    `select body->>'cidr' as cidr, project_id from subnets where body->>'subnetpool_id' = $1`, [pool.id]);
  return {
    pool,
    allocatedCidrs: rows.map((r) => r.cidr),
    projectAllocatedCidrs: rows.filter((r) => r.project_id === projectId).map((r) => r.cidr),
  };
}

export async function updateSubnet(tx: StoreTransaction, req: CommandRequest<SubnetChanges>): Promise<Subnet> {
  const current = await loadLocked<Subnet>(tx, subnetResource, req.id!, req.context, 'update');
  const { rows } = current.gateway_ip
    ? await tx.query<{ port_id: string }>(
      `select a.port_id from ip_allocations a join ports p on p.id = a.port_id
        where a.subnet_id = $1 and a.ip_address = $2::inet and p.body->>'device_owner' like 'network:router%' limit 1`,
      [current.id, current.gateway_ip])
    : { rows: [] };
  return decideAndAppend<Subnet>(tx, req, 'subnet', current.id, current, {
    type: 'update', id: current.id, now: commandNow(), ifRevision: req.ifRevision, changes: req.body!, gatewayPortId: rows[0]?.port_id ?? null,
  });
}

/** SubnetInUse while any port holds an address from it (the decider knows which owners don't count). */
export async function deleteSubnet(tx: StoreTransaction, req: CommandRequest): Promise<null> {
  // Network first, then subnet: the order network delete and subnet create lock in, so they can't
  // deadlock; the network's exclusive lock also orders this delete against port creates on the subnet.
  const peek = await loadLocked<Subnet>(tx, subnetResource, req.id!, req.context, 'none', { action: 'delete_subnet' });
  await lockNetworkExclusively(tx, peek.network_id);
  const { rows: networks } = await tx.query<{ body: Network }>('select body from networks where id = $1::uuid for update', [peek.network_id]);
  const current = await loadLocked<Subnet>(tx, subnetResource, req.id!, req.context, 'update', { action: 'delete_subnet' });
  const { rows: allocations } = await tx.query<{ port_id: string; device_owner: string }>(
    `select a.port_id, p.body->>'device_owner' as device_owner from ip_allocations a join ports p on p.id = a.port_id where a.subnet_id = $1`,
    [current.id]);
  const now = commandNow();
  await decideAndAppend(tx, req, 'subnet', current.id, current, { type: 'delete', id: current.id, now, ifRevision: req.ifRevision, allocations });
  // Ports whose addresses did not hold the subnet (DHCP, SLAAC) give them up, as Neutron does.
  const released = portsReleasedWithSubnet(current, allocations);
  if (released.length > 0) {
    const { rows: ports } = await tx.query<{ body: Port }>('select body from ports where id = any($1::uuid[]) order by id for update', [released]);
    for (const { body: port } of ports) {
      await decideAndAppend(tx, req, 'port', port.id, port, { type: 'release_subnet', id: port.id, now, subnetId: current.id });
    }
  }
  const network = networks[0]?.body;
  if (!network) throw Errors.notFound('network', current.network_id);
  await decideAndAppend(tx, req, 'network', network.id, network, { type: 'remove_subnet', id: network.id, now, subnetId: current.id });
  return null;
}

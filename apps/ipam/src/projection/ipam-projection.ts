import {
  AgentEventType, IpamEventType, QuotaEventType, RBAC_POLICY_TABLE,
  type QuotaEventData, type Agent, type Network, type Port, type RbacPolicy, type Subnet, type Subnetpool, type EventEnvelope,
} from '@muon/contracts';
import type { InlineProjection, StoreTransaction } from '@muon/eventstore';
import { deleteDocument, putDocuments, type QueryFn } from '@muon/readmodel';

// Every statement here has a fixed text (per table), so each is prepared once per connection.
const queryFn = (tx: StoreTransaction): QueryFn => async (sql, params) => (await tx.query(sql, params, { prepare: true })).rows;

/** Events that only replace a port's document on the live path (the command reserved its rows). */
const PORT_DOCUMENT_EVENTS = new Set<string>([IpamEventType.portCreated, IpamEventType.portUpdated, IpamEventType.portStatusChanged]);

/**
 * IPAM's read models, kept in the append's transaction. Events are fat, so each one replaces the
 * document; the allocation tables follow the documents. On the live path the command itself
 * reserved (and released) the allocation rows under their unique keys before deciding, so the
 * projection writes them only when a rebuild replays the log (tx.replaying); removals that no
 * command makes (a deleted port's or subnet's rows) happen on both paths.
 */
export const ipamProjection: InlineProjection = {
  name: 'ipam-read-models',
  tables: ['networks', 'subnets', 'subnetpools', 'ports', 'agents', 'quotas', RBAC_POLICY_TABLE, 'ip_allocations', 'mac_allocations', 'segment_allocations'],
  async apply(tx: StoreTransaction, event: EventEnvelope): Promise<void> {
    const q = queryFn(tx);
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case IpamEventType.networkCreated:
      case IpamEventType.networkUpdated: {
        const network = data.network as Network;
        await putDocuments(q, 'networks', [network]);
        if (event.type === IpamEventType.networkCreated && tx.replaying) await reserveSegmentRow(tx, network);
        return;
      }
      case IpamEventType.networkDeleted: {
        const network = data.network as Network;
        await deleteDocument(q, 'networks', network.id);
        await tx.query('delete from segment_allocations where network_id = $1', [network.id]);
        return;
      }
      case IpamEventType.subnetCreated:
      case IpamEventType.subnetUpdated:
        await putDocuments(q, 'subnets', [data.subnet as Subnet]);
        return;
      case IpamEventType.subnetDeleted: {
        const subnet = data.subnet as Subnet;
        await deleteDocument(q, 'subnets', subnet.id);
        await tx.query('delete from ip_allocations where subnet_id = $1', [subnet.id]);
        return;
      }
      case IpamEventType.subnetpoolCreated:
      case IpamEventType.subnetpoolUpdated:
        await putDocuments(q, 'subnetpools', [data.subnetpool as Subnetpool]);
        return;
      case IpamEventType.subnetpoolDeleted:
        await deleteDocument(q, 'subnetpools', (data.subnetpool as Subnetpool).id);
        return;
      case IpamEventType.portCreated:
      case IpamEventType.portUpdated:
      case IpamEventType.portStatusChanged: {
        const port = data.port as Port;
        await putDocuments(q, 'ports', [port]);
        if (tx.replaying) await syncPortAllocations(tx, port, event.type === IpamEventType.portCreated);
        return;
      }
      case AgentEventType.agentRegistered:
      case AgentEventType.agentUpdated:
        await putDocuments(q, 'agents', [data.agent as Agent]);
        return;
      case AgentEventType.agentDeleted:
        await deleteDocument(q, 'agents', (data.agent as Agent).id);
        return;
      case IpamEventType.rbacPolicyCreated:
      case IpamEventType.rbacPolicyUpdated:
        await putDocuments(q, RBAC_POLICY_TABLE, [data.rbac_policy as RbacPolicy]);
        return;
      case IpamEventType.rbacPolicyDeleted:
        await deleteDocument(q, RBAC_POLICY_TABLE, (data.rbac_policy as RbacPolicy).id);
        return;
      case QuotaEventType.quotaUpdated: {
        const { project_id: projectId, limits } = data as unknown as QuotaEventData;
        await tx.query('insert into quotas (project_id, limits) values ($1, $2) on conflict (project_id) do update set limits = excluded.limits', [projectId, limits]);
        return;
      }
      case QuotaEventType.quotaDeleted:
        await tx.query('delete from quotas where project_id = $1', [(data as unknown as QuotaEventData).project_id]);
        return;
      case IpamEventType.portDeleted: {
        const port = data.port as Port;
        await deleteDocument(q, 'ports', port.id);
        await tx.query('delete from ip_allocations where port_id = $1', [port.id]);
        await tx.query('delete from mac_allocations where port_id = $1', [port.id]);
        return;
      }
    }
  },

  /**
   * A batch of port creates appends one event per port: their documents go in with one upsert.
   * Consecutive live port-document events of distinct ports are gathered (an upsert may not touch one
   * row twice, and any other event is applied in its place in the order), so the rows are exactly
   * those `apply` of each would leave.
   */
  async applyMany(tx: StoreTransaction, events: readonly EventEnvelope[]): Promise<void> {
    let ports = new Map<string, Port>();
    const flush = async () => {
      if (ports.size > 0) await putDocuments(queryFn(tx), 'ports', [...ports.values()]);
      ports = new Map();
    };
    for (const event of events) {
      const port = PORT_DOCUMENT_EVENTS.has(event.type) && !tx.replaying ? (event.data as { port: Port }).port : undefined;
      if (port && !ports.has(port.id)) {
        ports.set(port.id, port);
        continue;
      }
      await flush();
      if (port) ports.set(port.id, port);
      else await ipamProjection.apply(tx, event);
    }
    await flush();
  },
};

async function reserveSegmentRow(tx: StoreTransaction, network: Network): Promise<void> {
  await tx.query(
    `insert into segment_allocations (network_type, physical_network, segmentation_id, network_id)
     values ($1, $2, $3, $4) on conflict do nothing`,
    [network['provider:network_type'], network['provider:physical_network'] ?? '', network['provider:segmentation_id'] ?? 0, network.id],
  );
}

/** Makes the port's address and MAC rows match its document (one statement each). */
async function syncPortAllocations(tx: StoreTransaction, port: Port, created: boolean): Promise<void> {
  const subnets = port.fixed_ips.map((f) => f.subnet_id);
  const addresses = port.fixed_ips.map((f) => f.ip_address);
  if (!created) {
    await tx.query(
      `delete from ip_allocations a where a.port_id = $1
         and not exists (select 1 from unnest($2::uuid[], $3::inet[]) as f(subnet_id, ip) where f.subnet_id = a.subnet_id and f.ip = a.ip_address)`,
      [port.id, subnets, addresses],
    );
    await tx.query('delete from mac_allocations where port_id = $1 and mac_address <> $2::macaddr', [port.id, port.mac_address]);
  }
  if (addresses.length > 0) {
    await tx.query(
      `insert into ip_allocations (subnet_id, ip_address, port_id)
       select f.subnet_id, f.ip, $1 from unnest($2::uuid[], $3::inet[]) as f(subnet_id, ip) on conflict do nothing`,
      [port.id, subnets, addresses],
    );
  }
  await tx.query(
    'insert into mac_allocations (network_id, mac_address, port_id) values ($1, $2, $3) on conflict do nothing',
    [port.network_id, port.mac_address, port.id],
  );
}

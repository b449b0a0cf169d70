import { DeviceOwner } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import type { DhcpAgentState, DhcpNetwork, DhcpPortPlacement } from '@muon/ipam-domain';

/** What the DHCP scheduler plans from, read in the scheduler's transaction (three statements). */
export async function readDhcpScheduleInput(tx: StoreTransaction, dhcpAgentType: string): Promise<{
  networks: DhcpNetwork[];
  ports: DhcpPortPlacement[];
  agents: DhcpAgentState[];
  projectOf: Map<string, string>;
}> {
  const [networks, ports, agents] = await Promise.all([
    tx.query<{ id: string; project_id: string; dhcp: string[] }>(
      `select n.id::text as id, n.project_id,
              coalesce(array_agg(s.id::text order by s.id) filter (where s.body->>'enable_dhcp' = 'true'), '{}') as dhcp
         from networks n left join subnets s on s.body->>'network_id' = n.id::text
        group by n.id, n.project_id`),
    tx.query<{ id: string; network_id: string; host: string; subnet_ids: string[] }>(
      `select id::text as id, body->>'network_id' as network_id, body->>'binding:host_id' as host,
              coalesce((select array_agg(f->>'subnet_id') from jsonb_array_elements(body->'fixed_ips') f), '{}') as subnet_ids
         from ports where body->>'device_owner' = $1`, [DeviceOwner.dhcp]),
    tx.query<{ host: string; alive: boolean; admin_state_up: boolean }>(
      `select body->>'host' as host, (body->>'alive')::boolean as alive, (body->>'admin_state_up')::boolean as admin_state_up
         from agents where body->>'agent_type' = $1`, [dhcpAgentType]),
  ]);
  return {
    networks: networks.rows.map((r) => ({ id: r.id, dhcpSubnetIds: r.dhcp })),
    ports: ports.rows.map((r) => ({ id: r.id, networkId: r.network_id, host: r.host, subnetIds: r.subnet_ids })),
    agents: agents.rows.map((r) => ({ host: r.host, alive: r.alive, adminStateUp: r.admin_state_up })),
    projectOf: new Map(networks.rows.map((r) => [r.id, r.project_id])),
  };
}

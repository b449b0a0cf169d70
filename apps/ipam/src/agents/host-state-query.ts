import {
  AgentType, HOST_STATE_ATTRIBUTES, HostStateRequestSchema, parseOrBadRequest, type HostStateReply, type TunnelPeer,
} from '@muon/contracts';
import type { QueryFn } from '@muon/readmodel';

/** `jsonb_build_object('id', body->'id', …)`: only what an agent needs (the names are our constants). */
const subsetSql = (attributes: readonly string[]) =>
  `jsonb_build_object(${attributes.map((a) => `'${a}', body->'${a}'`).join(', ')})`;

const DEFAULT_PAGE = 2000;

const typed = (q: QueryFn) => <R>(sql: string, params: unknown[]) => q(sql, params) as Promise<R[]>;

/**
 * `muon.qry.ipam.host-state.get`: the networks a host must wire (those with a port bound to it, or
 * the ones it names), their subnets, every port on them (remote ones feed DHCP host files and
 * tunnels), and the live tunnel peers. Ports are paged by id; the rest comes with the first page.
 */
export async function hostState(query: QueryFn, request: unknown): Promise<HostStateReply> {
  const q = typed(query);
  const { host, networkIds, after, limit } = parseOrBadRequest(HostStateRequestSchema, request, 'invalid host state request');
  const ids = networkIds ?? (await q<{ id: string }>(
    `select distinct body->>'network_id' as id from ports where body->>'binding:host_id' = $1`, [host])).map((r) => r.id);
  const pageSize = limit ?? DEFAULT_PAGE;
  const ports = await q<{ doc: HostStateReply['ports'][number] }>(
    `select ${subsetSql(HOST_STATE_ATTRIBUTES.ports)} as doc from ports
      where body->>'network_id' = any($1::text[]) and ($2::uuid is null or id > $2::uuid) order by id limit $3`,
    [ids, after ?? null, pageSize + 1],
  );
  const more = ports.length > pageSize;
  const page = ports.slice(0, pageSize).map((r) => r.doc);
  const nextAfter = more ? page[page.length - 1]!.id : null;
  if (after) return { networks: [], subnets: [], peers: [], ports: page, nextAfter };
  const [networks, subnets, peers] = await Promise.all([
    q<{ doc: HostStateReply['networks'][number] }>(`select ${subsetSql(HOST_STATE_ATTRIBUTES.networks)} as doc from networks where id::text = any($1::text[]) order by id`, [ids]),
    q<{ doc: HostStateReply['subnets'][number] }>(`select ${subsetSql(HOST_STATE_ATTRIBUTES.subnets)} as doc from subnets where body->>'network_id' = any($1::text[]) order by id`, [ids]),
    tunnelPeers(query, host),
  ]);
  return { networks: networks.map((r) => r.doc), subnets: subnets.map((r) => r.doc), peers, ports: page, nextAfter };
}

/** Live Open vSwitch agents on other hosts that have a tunnel endpoint. */
export async function tunnelPeers(query: QueryFn, host: string): Promise<TunnelPeer[]> {
  return typed(query)<TunnelPeer>(
    `select body->>'host' as host, body->'configurations'->>'tunneling_ip' as "tunnelIp" from agents
      where body->>'agent_type' = $1 and body->>'alive' = 'true' and body->>'host' <> $2
        and coalesce(body->'configurations'->>'tunneling_ip', '') <> '' order by 1`,
    [AgentType.openvswitch, host],
  );
}

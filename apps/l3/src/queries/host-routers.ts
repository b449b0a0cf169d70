import { HostRoutersRequestSchema, parseOrBadRequest, type HostRoutersReply } from '@muon/contracts';
import type { QueryFn } from '@muon/readmodel';

/**
 * `muon.qry.l3.host-routers.get`: the routers scheduled to one host, in the shape an L3 agent
 * needs (HostRouter), with the floating IPs associated through them. One statement.
 */
export async function hostRouters(q: QueryFn, request: unknown): Promise<HostRoutersReply> {
  const { host } = parseOrBadRequest(HostRoutersRequestSchema, request, 'invalid host routers request');
  const rows = await q(
    `select jsonb_build_object(
        'id', r.id, 'revision_number', (r.body->'revision_number')::int, 'admin_state_up', (r.body->'admin_state_up')::boolean,
        'gateway', case when r.body->'external_gateway_info' = 'null'::jsonb or r.body->'external_gateway_info' is null then null
                   else jsonb_build_object('network_id', r.body->'external_gateway_info'->>'network_id', 'port_id', g.port_id,
                                           'enable_snat', (r.body->'external_gateway_info'->'enable_snat')::boolean) end,
        'routes', r.body->'routes',
        'interface_port_ids', coalesce((select jsonb_agg(i.port_id order by i.port_id) from router_interfaces i where i.router_id = r.id), '[]'::jsonb),
        'floatingips', coalesce((select jsonb_agg(jsonb_build_object(
            'id', f.id, 'revision_number', (f.body->'revision_number')::int, 'floating_ip_address', f.body->>'floating_ip_address',
            'fixed_ip_address', f.body->>'fixed_ip_address', 'port_id', f.body->>'port_id', 'status', f.body->>'status') order by f.id)
          from floatingips f where f.body->>'router_id' = r.id::text), '[]'::jsonb)
      ) as doc
       from router_bindings b join routers r on r.id = b.router_id left join router_gateways g on g.router_id = r.id
      where b.host = $1 order by r.id`,
    [host],
  );
  return { routers: rows.map((r) => (r as { doc: HostRoutersReply['routers'][number] }).doc) };
}

import {
  DeviceOwner, Errors, L3Errors,
  type CommandRequest, type ExternalGatewayInfo, type ExternalGatewayRequest, type Port, type Router,
} from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { decideRouter } from '@muon/l3-domain';
import { appendEvents, commandNow, loadOwned } from './l3-aggregates.js';
import { compensated, stepId, type L3Deps } from './l3-deps.js';

export interface GatewayRow { port_id: string; network_id: string }
export interface RouterPlacementRow { host: string }

export const gatewayOf = async (tx: StoreTransaction, routerId: string): Promise<GatewayRow | undefined> =>
  (await tx.query<GatewayRow>('select port_id, network_id from router_gateways where router_id = $1', [routerId])).rows[0];

export const hostOf = async (q: Pick<StoreTransaction, 'query'>, routerId: string): Promise<string> =>
  (await q.query<RouterPlacementRow>('select host from router_bindings where router_id = $1', [routerId])).rows[0]?.host ?? '';

/**
 * Sets, changes or clears a router's external gateway (Neutron's _update_router_gw_info): the
 * gateway port lives in ipam (device_owner network:router_gateway, no project), created before the
 * router records it and removed if the record fails; an old port goes once the new one is recorded.
 * A gateway that floating IPs depend on cannot move to another network or go (409).
 */
export async function setRouterGateway(d: L3Deps, req: CommandRequest, routerId: string, requested: ExternalGatewayRequest): Promise<Router> {
  const ctx = req.context;
  if (requested && !ctx.isAdmin) {
    if (requested.enable_snat !== undefined) throw Errors.policyNotAuthorized('update_router:external_gateway_info:enable_snat');
    if (requested.external_fixed_ips !== undefined) throw Errors.policyNotAuthorized('update_router:external_gateway_info:external_fixed_ips');
  }
  if (requested) {
    const network = await d.ipam.getNetwork(requested.network_id);
    if (!network['router:external']) throw L3Errors.badRouterRequest(`Network ${requested.network_id} is not an external network`);
  }
  const { router, gateway, host } = await d.store.transact(async (tx) => ({
    router: await loadOwned<Router>(tx, 'router', routerId, ctx), gateway: await gatewayOf(tx, routerId), host: await hostOf(tx, routerId),
  }));
  const sameNetwork = gateway !== undefined && requested !== null && gateway.network_id === requested.network_id;
  if (!requested && !gateway && !router.external_gateway_info) return router;

  let port: Port | null = null;
  let created: Port | null = null;
  if (requested && sameNetwork) {
    port = requested.external_fixed_ips
      ? await d.ipam.updatePort(stepId(req, 'gw-ips'), gateway!.port_id, { fixed_ips: requested.external_fixed_ips })
      : await d.ipam.getPort(gateway!.port_id);
  } else if (requested) {
    created = port = await d.ipam.createPort(stepId(req, 'gw-port'), {
      network_id: requested.network_id, device_owner: DeviceOwner.routerGateway, device_id: routerId, project_id: '',
      'binding:host_id': host, ...(requested.external_fixed_ips ? { fixed_ips: requested.external_fixed_ips } : {}),
    });
  }
  const updated = await compensated(() => d.store.transact(async (tx) => {
    const current = await loadOwned<Router>(tx, 'router', routerId, ctx);
    if (gateway && !sameNetwork) {
      const { rows } = await tx.query(`select 1 from floatingips where body->>'router_id' = $1 limit 1`, [routerId]);
      if (rows.length > 0) throw L3Errors.gatewayInUseByFloatingIp(routerId, gateway.network_id);
    }
    const info: ExternalGatewayInfo | null = requested && port ? {
      network_id: requested.network_id,
      enable_snat: requested.enable_snat ?? (sameNetwork ? current.external_gateway_info?.enable_snat ?? true : true),
      external_fixed_ips: port.fixed_ips.map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
    } : null;
    const events = decideRouter({ type: 'set_gateway', id: routerId, now: commandNow(), gateway: info, gatewayPortId: port?.id ?? null }, { router: current });
    return appendEvents<Router>(tx, req, 'router', routerId, false, events, current);
  }), async () => {
    if (created) await d.ipam.deletePort(stepId(req, 'gw-undo'), created.id);
  });
  if (gateway && !sameNetwork) await d.ipam.deletePort(stepId(req, 'gw-old'), gateway.port_id);
  return updated;
}

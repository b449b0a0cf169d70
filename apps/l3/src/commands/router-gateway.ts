import {
  DeviceOwner, enforce, L3Errors,
  type CommandRequest, type ExternalGatewayInfo, type ExternalGatewayRequest, type Port, type RequestContext, type Router, type RouterEvent,
} from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { assertRevision } from '@muon/ipam-domain';
import { decideRouter } from '@muon/l3-domain';
import { appendEvents, commandNow, loadOwned } from './l3-aggregates.js';
import { compensated, recordOnce, stepId, type L3Deps } from './l3-deps.js';

export interface GatewayRow { port_id: string; network_id: string }
export interface RouterPlacementRow { host: string }
type GatewayRequest = NonNullable<ExternalGatewayRequest>;

export const gatewayOf = async (tx: StoreTransaction, routerId: string): Promise<GatewayRow | undefined> =>
  (await tx.query<GatewayRow>('select port_id, network_id from router_gateways where router_id = $1', [routerId])).rows[0];

export const hostOf = async (q: Pick<StoreTransaction, 'query'>, routerId: string): Promise<string> =>
  (await q.query<RouterPlacementRow>('select host from router_bindings where router_id = $1', [routerId])).rows[0]?.host ?? '';

/**
 * The rest of a router update, decided in the transaction that records the gateway, so one PUT is
 * recorded whole or not at all: `router` is the router with its new gateway, `gatewayCidrs` the
 * subnets that gateway is on, `ifRevision` the If-Match still to check (undefined once checked).
 */
export type AfterGateway = (tx: StoreTransaction, router: Router, gatewayCidrs: string[], ifRevision: number | undefined) => Promise<RouterEvent[]>;

/** The CIDRs of the subnets a port has addresses on. */
export const subnetCidrsOf = (d: L3Deps, subnetIds: readonly string[]): Promise<string[]> =>
  Promise.all([...new Set(subnetIds)].map(async (id) => (await d.ipam.getSubnet(id)).cidr));

/**
 * What Neutron checks of a requested gateway before anything is made: SNAT and the gateway's
 * addresses are an admin's choice (`create_router:…` or `update_router:external_gateway_info:…`),
 * and the network must be external.
 */
export async function checkGatewayRequest(d: L3Deps, ctx: RequestContext, requested: GatewayRequest, action: 'create_router' | 'update_router'): Promise<void> {
  for (const attribute of ['enable_snat', 'external_fixed_ips'] as const) {
    if (requested[attribute] !== undefined) enforce(`${action}:external_gateway_info:${attribute}`, ctx);
  }
  const network = await d.ipam.getNetwork(requested.network_id);
  if (!network['router:external']) throw L3Errors.badRouterRequest(`Network ${requested.network_id} is not an external network`);
}

/** A new gateway port: on the external network, for no project, owned by the router, bound where the router is. */
export const gatewayPortRequest = (routerId: string, requested: GatewayRequest, host: string): Record<string, unknown> => ({
  network_id: requested.network_id, device_owner: DeviceOwner.routerGateway, device_id: routerId, project_id: '',
  'binding:host_id': host, ...(requested.external_fixed_ips ? { fixed_ips: requested.external_fixed_ips } : {}),
});

/** external_gateway_info as recorded: the port's addresses; SNAT as asked, else as it was on that network, else on. */
export const gatewayInfo = (requested: GatewayRequest, port: Port, previous: ExternalGatewayInfo | null): ExternalGatewayInfo => ({
  network_id: requested.network_id,
  enable_snat: requested.enable_snat ?? (previous?.network_id === requested.network_id ? previous.enable_snat : true),
  external_fixed_ips: port.fixed_ips.map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
});

/**
 * Sets, changes or clears a router's external gateway (Neutron's _update_router_gw_info): the
 * gateway port lives in ipam (device_owner network:router_gateway, no project), created before the
 * router records it and removed if the record fails; an old port goes once the new one is recorded.
 * A gateway that floating IPs depend on cannot move to another network or go (409). If-Match is
 * checked before any port is made.
 */
export async function setRouterGateway(d: L3Deps, req: CommandRequest, routerId: string, requested: ExternalGatewayRequest, after?: AfterGateway): Promise<Router> {
  const ctx = req.context;
  if (requested) await checkGatewayRequest(d, ctx, requested, 'update_router');
  const { router, gateway, host } = await d.store.transact(async (tx) => ({
    router: await loadOwned<Router>(tx, 'router', routerId, ctx), gateway: await gatewayOf(tx, routerId), host: await hostOf(tx, routerId),
  }));
  assertRevision(router.revision_number, req.ifRevision);
  const sameNetwork = gateway !== undefined && requested !== null && gateway.network_id === requested.network_id;
  // Clearing a gateway the router does not have changes nothing (but the rest of the update still applies).
  const unchanged = !requested && !gateway && !router.external_gateway_info;
  if (unchanged && !after) return router;

  let port: Port | null = null;
  let created: Port | null = null;
  if (requested && sameNetwork) {
    port = requested.external_fixed_ips
      ? await d.ipam.updatePort(stepId(req, 'gw-ips'), gateway!.port_id, { fixed_ips: requested.external_fixed_ips })
      : await d.ipam.getPort(gateway!.port_id);
  } else if (requested) {
    created = port = await d.ipam.createPort(stepId(req, 'gw-port'), gatewayPortRequest(routerId, requested, host));
  }
  const updated = await compensated(async () => {
    const gatewayCidrs = after && port ? await subnetCidrsOf(d, port.fixed_ips.map((f) => f.subnet_id)) : [];
    return d.store.transact(async (tx) => {
      const current = await loadOwned<Router>(tx, 'router', routerId, ctx);
      if (gateway && !sameNetwork) {
        const { rows } = await tx.query(`select 1 from floatingips where body->>'router_id' = $1 limit 1`, [routerId]);
        if (rows.length > 0) throw L3Errors.gatewayInUseByFloatingIp(routerId, gateway.network_id);
      }
      const events = unchanged ? [] : decideRouter({
        type: 'set_gateway', id: routerId, now: commandNow(), ifRevision: req.ifRevision,
        gateway: requested && port ? gatewayInfo(requested, port, current.external_gateway_info) : null, gatewayPortId: port?.id ?? null,
      }, { router: current });
      const withGateway = events.length > 0 ? events[events.length - 1]!.data.router : current;
      if (after) events.push(...await after(tx, withGateway, gatewayCidrs, events.length > 0 ? undefined : req.ifRevision));
      return appendEvents<Router>(tx, req, 'router', routerId, false, events, current);
    }, recordOnce(req));
  }, async () => {
    if (created) await d.ipam.deletePort(stepId(req, 'gw-undo'), created.id);
  });
  if (gateway && !sameNetwork) await d.ipam.deletePort(stepId(req, 'gw-old'), gateway.port_id);
  return updated;
}

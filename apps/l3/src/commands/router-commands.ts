import { randomUUID } from 'node:crypto';
import { DeviceOwner, type CommandRequest, type ExternalGatewayRequest, type Route, type Router, type RouterEvent, type RouterInterface } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { decideRouter, validateRoutes, type RouterChanges } from '@muon/l3-domain';
import { appendEvents, commandNow, loadOwned, UUID } from './l3-aggregates.js';
import { compensated, recordOnce, stepId, type L3Deps } from './l3-deps.js';
import { enforceL3Quota, quotaLimit } from './l3-quota.js';
import { checkGatewayRequest, gatewayInfo, gatewayOf, gatewayPortRequest, setRouterGateway, subnetCidrsOf } from './router-gateway.js';

type RouterCreateBody = {
  project_id: string; name: string; description: string; admin_state_up: boolean;
  availability_zone_hints: string[]; external_gateway_info: ExternalGatewayRequest;
};
type RouterUpdateBody = RouterChanges & { external_gateway_info?: ExternalGatewayRequest };

export const interfacesOf = async (tx: StoreTransaction, routerId: string): Promise<RouterInterface[]> =>
  (await tx.query<RouterInterface>('select port_id::text, network_id::text, subnet_ids, cidrs from router_interfaces where router_id = $1 order by port_id', [routerId])).rows;

/**
 * `POST /routers`: with a gateway, its port is made in ipam first and the router is recorded with
 * it in one transaction (removed again if that fails), so a refused create leaves nothing behind.
 */
export async function createRouter(d: L3Deps, req: CommandRequest<RouterCreateBody>): Promise<Router> {
  const a = req.body!;
  const id = randomUUID();
  const requested = a.external_gateway_info;
  const create = (now: string) => decideRouter({
    type: 'create', id, now,
    attributes: { project_id: a.project_id, name: a.name, description: a.description, admin_state_up: a.admin_state_up, availability_zone_hints: a.availability_zone_hints },
  }, { router: null });
  const limit = await quotaLimit(d.rpc, a.project_id, 'router');
  if (!requested) {
    return d.store.transact(async (tx) => {
      await enforceL3Quota(tx, a.project_id, 'router', limit);
      return appendEvents<Router>(tx, req, 'router', id, true, create(commandNow()), null);
    }, recordOnce(req));
  }

  await checkGatewayRequest(d, req.context, requested, 'create_router');
  const port = await d.ipam.createPort(stepId(req, 'gw-port'), gatewayPortRequest(id, requested, ''));
  const router = await compensated(() => d.store.transact(async (tx) => {
    await enforceL3Quota(tx, a.project_id, 'router', limit);
    const now = commandNow();
    const events = create(now);
    const bare = events[0]!.data.router;
    events.push(...decideRouter({ type: 'set_gateway', id, now, gateway: gatewayInfo(requested, port, null), gatewayPortId: port.id }, { router: bare }));
    return appendEvents<Router>(tx, req, 'router', id, true, events, null);
  }, recordOnce(req)), () => d.ipam.deletePort(stepId(req, 'gw-undo'), port.id));
  await d.ensureScheduled(router.id);
  return router;
}

/**
 * `PUT /routers/{id}`: a gateway change and the other attributes are recorded in one transaction
 * (see setRouterGateway), so a refused part leaves the router, its gateway and ipam's ports as they were.
 */
export async function updateRouter(d: L3Deps, req: CommandRequest<RouterUpdateBody>): Promise<Router> {
  const { external_gateway_info: gateway, ...changes } = req.body!;
  const interfaceAddresses = changes.routes?.length && UUID.test(req.id ?? '') ? await interfaceAddressesOf(d, req.id!) : [];
  const decideChanges = async (tx: StoreTransaction, current: Router, gatewayCidrs: string[], ifRevision: number | undefined): Promise<RouterEvent[]> => {
    let routes: Route[] | undefined;
    if (changes.routes !== undefined) {
      const connected = [...(await interfacesOf(tx, current.id)).flatMap((i) => i.cidrs), ...gatewayCidrs];
      const own = [...interfaceAddresses, ...(current.external_gateway_info?.external_fixed_ips.map((f) => f.ip_address) ?? [])];
      routes = validateRoutes(current.id, changes.routes, connected, own);
    }
    return decideRouter({ type: 'update', id: current.id, now: commandNow(), ifRevision, changes: { ...changes, ...(routes ? { routes } : {}) } }, { router: current });
  };
  if (gateway !== undefined) {
    const updated = await setRouterGateway(d, req, req.id!, gateway, decideChanges);
    await d.ensureScheduled(updated.id);
    return updated;
  }
  const gatewayCidrs = changes.routes?.length ? await gatewaySubnetCidrs(d, req) : [];
  return d.store.transact(async (tx) => {
    const current = await loadOwned<Router>(tx, 'router', req.id, req.context);
    return appendEvents<Router>(tx, req, 'router', current.id, false, await decideChanges(tx, current, gatewayCidrs, req.ifRevision), current);
  }, recordOnce(req));
}

/** The CIDRs of the subnets the router's gateway has addresses on (a nexthop may be out there). */
async function gatewaySubnetCidrs(d: L3Deps, req: CommandRequest): Promise<string[]> {
  const router = await d.store.transact((tx) => loadOwned<Router>(tx, 'router', req.id, req.context));
  return subnetCidrsOf(d, router.external_gateway_info?.external_fixed_ips.map((f) => f.subnet_id) ?? []);
}

/** The addresses of a router's interfaces, which no extra route may use as its nexthop. */
async function interfaceAddressesOf(d: L3Deps, routerId: string): Promise<string[]> {
  const ports = await d.ipam.listPorts({ device_id: [routerId], device_owner: [DeviceOwner.routerInterface] });
  return ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address));
}

export async function deleteRouter(d: L3Deps, req: CommandRequest): Promise<null> {
  const gateway = await d.store.transact(async (tx) => {
    const current = await loadOwned<Router>(tx, 'router', req.id, req.context);
    const gatewayRow = await gatewayOf(tx, current.id);
    const events = decideRouter({
      type: 'delete', id: current.id, now: commandNow(), ifRevision: req.ifRevision, interfaceCount: (await interfacesOf(tx, current.id)).length,
    }, { router: current });
    await appendEvents(tx, req, 'router', current.id, false, events, current);
    return gatewayRow ?? null;
  }, recordOnce(req));
  // The gateway port goes with its router (Neutron removes it the same way).
  if (gateway) await d.ipam.deletePort(stepId(req, 'gw-delete'), gateway.port_id);
  return null;
}


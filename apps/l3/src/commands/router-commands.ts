import { randomUUID } from 'node:crypto';
import type { CommandRequest, ExternalGatewayRequest, Route, Router, RouterInterface } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { decideRouter, validateRoutes, type RouterChanges } from '@muon/l3-domain';
import { appendEvents, commandNow, loadOwned } from './l3-aggregates.js';
import { compensated, stepId, type L3Deps } from './l3-deps.js';
import { gatewayOf, setRouterGateway } from './router-gateway.js';

type RouterCreateBody = {
  project_id: string; name: string; description: string; admin_state_up: boolean;
  availability_zone_hints: string[]; external_gateway_info: ExternalGatewayRequest;
};
type RouterUpdateBody = RouterChanges & { external_gateway_info?: ExternalGatewayRequest };

export const interfacesOf = async (tx: StoreTransaction, routerId: string): Promise<RouterInterface[]> =>
  (await tx.query<RouterInterface>('select port_id::text, network_id::text, subnet_ids, cidrs from router_interfaces where router_id = $1 order by port_id', [routerId])).rows;

export async function createRouter(d: L3Deps, req: CommandRequest<RouterCreateBody>): Promise<Router> {
  const a = req.body!;
  const id = randomUUID();
  const router = await d.store.transact(async (tx) => {
    const events = decideRouter({
      type: 'create', id, now: commandNow(),
      attributes: { project_id: a.project_id, name: a.name, description: a.description, admin_state_up: a.admin_state_up, availability_zone_hints: a.availability_zone_hints },
    }, { router: null });
    return appendEvents<Router>(tx, req, 'router', id, true, events, null);
  });
  if (!a.external_gateway_info) return router;
  // A router whose gateway cannot be set is not left behind.
  const withGateway = await compensated(() => setRouterGateway(d, { ...req, context: { ...req.context, isAdmin: true } }, id, a.external_gateway_info),
    () => deleteRouter(d, { ...req, commandId: stepId(req, 'undo-create'), id }).then(() => undefined));
  await d.ensureScheduled(id);
  return withGateway;
}

export async function updateRouter(d: L3Deps, req: CommandRequest<RouterUpdateBody>): Promise<Router> {
  const { external_gateway_info: gateway, ...changes } = req.body!;
  if (gateway !== undefined) {
    await setRouterGateway(d, req, req.id!, gateway);
    await d.ensureScheduled(req.id!);
  }
  const gatewayCidrs = changes.routes?.length ? await gatewaySubnetCidrs(d, req) : [];
  return d.store.transact(async (tx) => {
    const current = await loadOwned<Router>(tx, 'router', req.id, req.context);
    let routes: Route[] | undefined;
    if (changes.routes !== undefined) {
      const connected = [...(await interfacesOf(tx, current.id)).flatMap((i) => i.cidrs), ...gatewayCidrs];
      routes = validateRoutes(current.id, changes.routes, connected);
    }
    const events = decideRouter({ type: 'update', id: current.id, now: commandNow(), ifRevision: req.ifRevision, changes: { ...changes, ...(routes ? { routes } : {}) } }, { router: current });
    return appendEvents<Router>(tx, req, 'router', current.id, false, events, current);
  });
}

/** The CIDRs of the subnets the router's gateway has addresses on (a nexthop may be out there). */
async function gatewaySubnetCidrs(d: L3Deps, req: CommandRequest): Promise<string[]> {
  const router = await d.store.transact((tx) => loadOwned<Router>(tx, 'router', req.id, req.context));
  const subnetIds = [...new Set(router.external_gateway_info?.external_fixed_ips.map((f) => f.subnet_id) ?? [])];
  return Promise.all(subnetIds.map(async (id) => (await d.ipam.getSubnet(id)).cidr));
}

export async function deleteRouter(d: L3Deps, req: CommandRequest): Promise<null> {
  const gateway = await d.store.transact(async (tx) => {
    const current = await loadOwned<Router>(tx, 'router', req.id, req.context);
    const gatewayRow = await gatewayOf(tx, current.id);
    const events = decideRouter({
      type: 'delete', id: current.id, now: commandNow(), ifRevision: req.ifRevision, interfaceCount: (await interfacesOf(tx, current.id)).length,
    }, { router: current });
    await appendEvents(tx, req, 'router', current.id, false, events, current);
    return gatewayRow;
  });
  // The gateway port goes with its router (Neutron removes it the same way).
  if (gateway) await d.ipam.deletePort(stepId(req, 'gw-delete'), gateway.port_id);
  return null;
}


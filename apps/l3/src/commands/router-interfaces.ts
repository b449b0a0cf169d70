import {
  DeviceOwner, L3Errors, parseOrBadRequest, routerInterfaceRequestSchema,
  type CommandRequest, type Port, type Router, type RouterInterface, type RouterInterfaceInfo, type RouterInterfaceRequest,
} from '@muon/contracts';
import { cidrContainsAddress, parseCidr, parseIpAddress } from '@muon/ipam-domain';
import { assertInterfaceFits, decideRouter, interfaceToRemove, routesThrough } from '@muon/l3-domain';
import { appendEvents, commandNow, loadOwned } from './l3-aggregates.js';
import { compensated, recordOnce, stepId, type L3Deps } from './l3-deps.js';
import { hostOf } from './router-gateway.js';
import { interfacesOf } from './router-commands.js';

/** Neutron's _validate_interface_info: one of the two; both only to remove (the port must then be on the subnet). */
function parseInterfaceRequest(body: unknown, forRemoval = false): RouterInterfaceRequest {
  const request = parseOrBadRequest(routerInterfaceRequestSchema, body ?? {}, 'Invalid input for router interface');
  if (request.subnet_id && request.port_id && !forRemoval) throw L3Errors.badRouterRequest('Cannot specify both subnet-id and port-id');
  if (!request.subnet_id && !request.port_id) throw L3Errors.badRouterRequest('Either subnet_id or port_id must be specified');
  return request;
}

const interfaceInfo = (router: Router, i: RouterInterface): RouterInterfaceInfo => ({
  id: router.id, tenant_id: router.project_id, project_id: router.project_id,
  port_id: i.port_id, network_id: i.network_id, subnet_id: i.subnet_ids[0]!, subnet_ids: i.subnet_ids,
});

/**
 * `PUT /routers/{id}/add_router_interface`: by subnet, a new port in ipam takes the subnet's gateway
 * IP; by port, the caller's port becomes the interface. Checked here (one port per subnet, no
 * overlapping subnets), recorded under the router's lock, and undone in ipam if the record fails.
 */
export async function addRouterInterface(d: L3Deps, req: CommandRequest<unknown>): Promise<RouterInterfaceInfo> {
  const request = parseInterfaceRequest(req.body);
  const ctx = req.context;
  const { router, existing, host } = await d.store.transact(async (tx) => {
    const r = await loadOwned<Router>(tx, 'router', req.id, ctx);
    return { router: r, existing: await interfacesOf(tx, r.id), host: await hostOf(tx, r.id) };
  });

  let port: Port;
  let undo: () => Promise<void>;
  /** The interface's subnets, known before anything is written in ipam. */
  let subnets: { id: string; cidr: string }[];
  if (request.subnet_id) {
    const subnet = await d.ipam.getSubnet(request.subnet_id, ctx);
    if (!subnet.gateway_ip) throw L3Errors.badRouterRequest(`Subnet for router interface must have a gateway IP`);
    subnets = [{ id: subnet.id, cidr: subnet.cidr }];
    assertInterfaceFits(existing, subnets);
    port = await d.ipam.createPort(stepId(req, 'if-port'), {
      network_id: subnet.network_id, fixed_ips: [{ subnet_id: subnet.id, ip_address: subnet.gateway_ip }],
      device_owner: DeviceOwner.routerInterface, device_id: router.id, project_id: router.project_id, 'binding:host_id': host,
    });
    undo = () => d.ipam.deletePort(stepId(req, 'if-undo'), port.id);
  } else {
    const given = await d.ipam.getPort(request.port_id!, ctx);
    if (given.device_id || given.device_owner) throw L3Errors.portInUse(given.id, given.network_id, given.device_id || given.device_owner);
    if (given.fixed_ips.length === 0) throw L3Errors.badRouterRequest(`Router port must have at least one fixed IP`);
    // Checked before the port is claimed, so that a refused add leaves the port as it was.
    subnets = await Promise.all([...new Set(given.fixed_ips.map((f) => f.subnet_id))].map(async (id) => ({ id, cidr: (await d.ipam.getSubnet(id)).cidr })));
    assertInterfaceFits(existing, subnets);
    port = await d.ipam.updatePort(stepId(req, 'if-claim'), given.id, {
      device_owner: DeviceOwner.routerInterface, device_id: router.id, 'binding:host_id': host,
    });
    undo = () => d.ipam.updatePort(stepId(req, 'if-release'), given.id, { device_owner: '', device_id: '', 'binding:host_id': '' }).then(() => undefined);
  }

  const added = await compensated(async () => {
    const iface: RouterInterface = { port_id: port.id, network_id: port.network_id, subnet_ids: subnets.map((s) => s.id), cidrs: subnets.map((s) => s.cidr) };
    return d.store.transact(async (tx) => {
      const current = await loadOwned<Router>(tx, 'router', router.id, ctx);
      // Checked again under the lock: a concurrent add may have taken the subnet or an overlapping one.
      assertInterfaceFits(await interfacesOf(tx, current.id), subnets);
      const events = decideRouter({ type: 'add_interface', id: current.id, now: commandNow(), interface: iface }, { router: current });
      return interfaceInfo(await appendEvents<Router>(tx, req, 'router', current.id, false, events, current), iface);
    }, recordOnce(req));
  }, undo);
  await d.ensureScheduled(router.id);
  return added;
}

/**
 * `PUT /routers/{id}/remove_router_interface`: refused while a floating IP or an extra route needs
 * the interface (409), then recorded, then its port deleted in ipam (as Neutron does, whether it
 * was named by subnet or by port).
 */
export async function removeRouterInterface(d: L3Deps, req: CommandRequest<unknown>): Promise<RouterInterfaceInfo> {
  const request = parseInterfaceRequest(req.body, true);
  const { router, removed } = await d.store.transact(async (tx) => {
    const current = await loadOwned<Router>(tx, 'router', req.id, req.context);
    const iface = interfaceToRemove(current.id, await interfacesOf(tx, current.id), request);
    const subnetOf = (ip: string) => iface.subnet_ids.find((_, i) => {
      const c = parseCidr(iface.cidrs[i] ?? '');
      const a = parseIpAddress(ip);
      return c !== null && a !== null && cidrContainsAddress(c, a);
    });
    const { rows: fips } = await tx.query<{ fixed: string }>(`select body->>'fixed_ip_address' as fixed from floatingips where body->>'router_id' = $1`, [current.id]);
    const usedBy = fips.map((f) => subnetOf(f.fixed)).find((s) => s !== undefined);
    if (usedBy) throw L3Errors.routerInterfaceInUseByFloatingIp(current.id, usedBy);
    if (routesThrough(current.routes, iface.cidrs).length > 0) throw L3Errors.routerInterfaceInUseByRoute(current.id, iface.subnet_ids[0]!);
    const events = decideRouter({ type: 'remove_interface', id: current.id, now: commandNow(), interface: iface }, { router: current });
    return { router: await appendEvents<Router>(tx, req, 'router', current.id, false, events, current), removed: iface };
  }, recordOnce(req));
  await d.ipam.deletePort(stepId(req, 'if-delete'), removed.port_id);
  await d.ensureScheduled(router.id);
  return interfaceInfo(router, removed);
}

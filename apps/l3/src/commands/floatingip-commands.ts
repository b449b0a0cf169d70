import { randomUUID } from 'node:crypto';
import {
  DeviceOwner, enforce, FloatingipStatusReportSchema, L3Errors, parseOrBadRequest,
  type CommandRequest, type Floatingip,
} from '@muon/contracts';
import { parseIpAddress } from '@muon/ipam-domain';
import { decideFloatingip, type FloatingipAssociation } from '@muon/l3-domain';
import { appendEvents, commandNow, loadOwned } from './l3-aggregates.js';
import { compensated, recordOnce, stepId, type L3Deps } from './l3-deps.js';
import { associationTarget, resolveAssociation, type AssociationTarget } from './floatingip-association.js';
import { enforceL3Quota, quotaLimit } from './l3-quota.js';
import { floatingPortOf } from './tag-commands.js';

interface FloatingipCreateBody {
  project_id: string; description: string; floating_network_id: string;
  floating_ip_address?: string; subnet_id?: string | null; port_id: string | null; fixed_ip_address?: string | null;
}
interface FloatingipUpdateBody { description?: string; port_id?: string | null; fixed_ip_address?: string | null }

/**
 * A floating IP: a port on the external network (device_owner network:floatingip, device_id = the
 * floating IP's id, no project) holds the address; l3 records the floating IP and where it points.
 */
export async function createFloatingip(d: L3Deps, req: CommandRequest<FloatingipCreateBody>): Promise<Floatingip> {
  const a = req.body!;
  if (a.floating_ip_address !== undefined) enforce('create_floatingip:floating_ip_address', req.context, { project_id: a.project_id });
  const network = await d.ipam.getNetwork(a.floating_network_id);
  if (!network['router:external']) throw L3Errors.badFloatingipRequest(`Network ${network.id} is not a valid external network`);
  const target = a.port_id ? await associationTarget(d, req.context, a.port_id, a.fixed_ip_address) : null;
  const limit = await quotaLimit(d.rpc, a.project_id, 'floatingip');
  const id = randomUUID();
  const fixedIp = a.subnet_id || a.floating_ip_address ? [{ ...(a.subnet_id ? { subnet_id: a.subnet_id } : {}), ...(a.floating_ip_address ? { ip_address: a.floating_ip_address } : {}) }] : undefined;
  const port = await d.ipam.createPort(stepId(req, 'fip-port'), {
    network_id: network.id, device_owner: DeviceOwner.floatingIp, device_id: id, project_id: '', ...(fixedIp ? { fixed_ips: fixedIp } : {}),
  });
  return compensated(async () => {
    const address = port.fixed_ips.find((f) => parseIpAddress(f.ip_address)?.version === 4)?.ip_address;
    if (!address) throw L3Errors.badFloatingipRequest(`Network ${network.id} does not contain any IPv4 subnet`);
    return d.store.transact(async (tx) => {
      await enforceL3Quota(tx, a.project_id, 'floatingip', limit);
      const association = target ? await resolveAssociation(tx, network.id, target) : null;
      const events = decideFloatingip({
        type: 'create', id, now: commandNow(), floatingIpAddress: address, floatingPortId: port.id, association,
        attributes: { project_id: a.project_id, description: a.description, floating_network_id: network.id },
      }, { floatingip: null, floatingPortId: null });
      return appendEvents<Floatingip>(tx, req, 'floatingip', id, true, events, null);
    }, recordOnce(req));
  }, () => d.ipam.deletePort(stepId(req, 'fip-undo'), port.id));
}

/** Associates (port_id), moves or disassociates (port_id null) a floating IP; description changes too. */
export async function updateFloatingip(d: L3Deps, req: CommandRequest<FloatingipUpdateBody>): Promise<Floatingip> {
  const changes = req.body!;
  let target: AssociationTarget | null | undefined;
  if (changes.port_id !== undefined) {
    target = changes.port_id ? await associationTarget(d, req.context, changes.port_id, changes.fixed_ip_address) : null;
  } else if (changes.fixed_ip_address !== undefined) {
    const current = await d.store.transact((tx) => loadOwned<Floatingip>(tx, 'floatingip', req.id, req.context));
    if (!current.port_id) throw L3Errors.badFloatingipRequest('fixed_ip_address cannot be specified without a port_id');
    target = changes.fixed_ip_address ? await associationTarget(d, req.context, current.port_id, changes.fixed_ip_address) : null;
  }
  return d.store.transact(async (tx) => {
    const current = await loadOwned<Floatingip>(tx, 'floatingip', req.id, req.context);
    let association: FloatingipAssociation | null | undefined;
    if (target !== undefined) association = target ? await resolveAssociation(tx, current.floating_network_id, target) : null;
    const events = decideFloatingip({
      type: 'update', id: current.id, now: commandNow(), ifRevision: req.ifRevision, description: changes.description, association,
    }, { floatingip: current, floatingPortId: await floatingPortOf(tx, current.id) });
    return appendEvents<Floatingip>(tx, req, 'floatingip', current.id, false, events, current);
  }, recordOnce(req));
}

export async function deleteFloatingip(d: L3Deps, req: CommandRequest): Promise<null> {
  const portId = await d.store.transact(async (tx) => {
    const current = await loadOwned<Floatingip>(tx, 'floatingip', req.id, req.context);
    const floatingPortId = await floatingPortOf(tx, current.id);
    const events = decideFloatingip({ type: 'delete', id: current.id, now: commandNow(), ifRevision: req.ifRevision }, { floatingip: current, floatingPortId });
    await appendEvents(tx, req, 'floatingip', current.id, false, events, current);
    return floatingPortId;
  }, recordOnce(req));
  if (portId) await d.ipam.deletePort(stepId(req, 'fip-delete'), portId);
  return null;
}

/** An L3 agent's report: statuses of the floating IPs on its routers, applied in one transaction. */
export async function reportFloatingipStatus(d: L3Deps, req: CommandRequest<unknown>): Promise<{ changed: number }> {
  const report = parseOrBadRequest(FloatingipStatusReportSchema, req.body, 'invalid floating IP status report');
  return d.store.transact(async (tx) => {
    let changed = 0;
    for (const { id, status } of report.floatingips) {
      const { rows } = await tx.query<{ body: Floatingip; port_id: string | null }>(
        `select f.body, p.port_id::text from floatingips f left join floatingip_ports p on p.floatingip_id = f.id where f.id = $1::uuid for update of f`, [id]);
      const row = rows[0];
      if (!row) continue;
      const events = decideFloatingip({ type: 'set_status', id, now: commandNow(), status }, { floatingip: row.body, floatingPortId: row.port_id });
      if (events.length > 0) changed++;
      await appendEvents(tx, req, 'floatingip', id, false, events, row.body);
    }
    return { changed };
  });
}

/** When a port goes, floating IPs that pointed at it are disassociated (Neutron's disassociate_floatingips). */
export async function disassociateFromPort(d: L3Deps, req: CommandRequest, portId: string): Promise<number> {
  return d.store.transact(async (tx) => {
    const { rows } = await tx.query<{ body: Floatingip; port_id: string | null }>(
      `select f.body, p.port_id::text from floatingips f left join floatingip_ports p on p.floatingip_id = f.id
        where f.body->>'port_id' = $1 for update of f`, [portId]);
    for (const row of rows) {
      const events = decideFloatingip({ type: 'update', id: row.body.id, now: commandNow(), association: null }, { floatingip: row.body, floatingPortId: row.port_id });
      await appendEvents(tx, req, 'floatingip', row.body.id, false, events, row.body);
    }
    return rows.length;
  });
}

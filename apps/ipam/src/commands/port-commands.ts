import { randomUUID } from 'node:crypto';
import { Errors, NeutronError, networkResource, portResource, SERVICE_PORT_OWNERS, type AppendMeta, type CommandRequest, type Port } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { planFixedIps, planFixedIpsUpdate, type AddressRequest, type PortChanges, type PortCreateAttributes, type SubnetOfPort } from '@muon/ipam-domain';
import { releaseAddresses, reserveAddresses, reserveAddressesMany } from '../reservations/ip-reservations.js';
import { releaseMac, reserveMac, reserveMacs } from '../reservations/mac-reservations.js';
import { releasePortReservations } from '../reservations/port-reservations.js';
import { decideAndAppend, decideOn, type Decision } from './aggregates.js';
import { settledSync } from './batching/settled.js';
import { appendMetaOf, commandNow } from './command-meta.js';
import type { IpamSettings } from './ipam-settings.js';
import { networksForPorts, networkWithSubnets, type NetworkWithSubnets } from './networks-for-ports.js';
import { loadLocked, normaliseUuid } from './resource-rows.js';

/** One port create: the command, and the meta its event carries (taken in the command's own trace context). */
export interface PortCreate {
  req: CommandRequest<PortCreateAttributes>;
  meta: AppendMeta;
}

export type PortCreateOutcome = { port: Port } | { error: NeutronError };

/** One port create in the caller's transaction: a bulk create's item, or a command that runs alone. */
export async function createPort(tx: StoreTransaction, req: CommandRequest<PortCreateAttributes>, settings: IpamSettings): Promise<Port> {
  const [outcome] = await createPorts(tx, [{ req, meta: appendMetaOf(req) }], settings, { isolateFailures: false });
  if ('error' in outcome!) throw outcome.error;
  return outcome!.port;
}

/** A create on its way through createPorts; `error` ends it. */
interface Step {
  create: PortCreate;
  id: string;
  networkId?: string;
  error?: NeutronError;
  macError?: NeutronError;
  mac?: string;
  on?: NetworkWithSubnets;
  decision?: Decision<Port>;
}

/**
 * The hot path of the platform: creates ports, one command or a batch of them sharing the caller's
 * transaction, in the same few statements whatever their count. Concurrent creates on one subnet
 * never queue behind each other: each reserves its own address and MAC rows under unique keys
 * (DESIGN.md §2), then appends to the port's own new stream; the network's shared lock keeps it
 * (and its subnets) from changing under them.
 *
 * Each create fails on its own: its outcome is the error the checks would have found for it alone,
 * in the same order. With `isolateFailures` the failed creates' rows are released, so that the
 * others can commit. A database error aborts the whole transaction.
 */
export async function createPorts(
  tx: StoreTransaction, creates: readonly PortCreate[], settings: IpamSettings, options: { isolateFailures: boolean },
): Promise<PortCreateOutcome[]> {
  const steps: Step[] = creates.map((create) => ({ create, id: randomUUID() }));
  const live = () => steps.filter((s) => !s.error);
  for (const step of steps) {
    const id = settledSync(() => normaliseUuid(step.create.req.body!.network_id, networkResource));
    if (id instanceof NeutronError) step.error = id;
    else step.networkId = id;
  }

  // The locks come with the MACs, so that the networks are read once every lock is granted. A MAC's
  // error counts only after the network's (that is the order of the checks for one create).
  const reserving = live();
  if (reserving.length === 0) return steps.map((s) => ({ error: s.error! }));
  const macs = await reserveMacs(tx, reserving.map((s) => ({ networkId: s.networkId!, portId: s.id, requested: s.create.req.body!.mac_address })),
    settings.macBase, reserving.map((s) => s.networkId!));
  reserving.forEach((step, i) => {
    const mac = macs[i]!;
    if (mac instanceof NeutronError) step.macError = mac;
    else step.mac = mac;
  });
  const loading = live();
  const networks = await networksForPorts(tx, loading.map((s) => ({ networkId: s.networkId!, context: s.create.req.context, project: s.create.req.body!.project_id })));
  loading.forEach((step, i) => {
    const on = networks[i]!;
    if (on instanceof NeutronError) step.error = on;
    else if (step.macError) step.error = step.macError;
    else step.on = on;
  });

  const planned = live().map((step) => ({ step, plan: settledSync(() => planFixedIps({
    networkId: step.on!.network.id, requested: step.create.req.body!.fixed_ips, subnets: step.on!.subnets,
    deviceOwner: step.create.req.body!.device_owner ?? '', macAddress: step.mac!,
  })) }));
  const addressing = planned.filter(({ step, plan }) => {
    if (plan instanceof NeutronError) step.error = plan;
    return !step.error;
  });
  const fixedIps = await reserveAddressesMany(tx, addressing.map(({ step, plan }) => ({ networkId: step.on!.network.id, portId: step.id, plan: plan as AddressRequest[] })));

  const now = commandNow();
  addressing.forEach(({ step }, i) => {
    const reserved = fixedIps[i]!;
    if (reserved instanceof NeutronError) {
      step.error = reserved;
      return;
    }
    const { req } = step.create;
    const { network, subnets } = step.on!;
    // loadLocked hands a member another project's network only when a policy shares it with them.
    const sharedWithCaller = network.shared || (!req.context.isAdmin && network.project_id !== req.context.projectId);
    const decision = settledSync(() => decideOn<Port>(req, 'port', step.id, null, {
      type: 'create', id: step.id, now, attributes: req.body!, network: { ...network, shared: sharedWithCaller }, subnets, fixedIps: reserved, macAddress: step.mac!, defaultSecurityGroupId: null,
    }));
    if (decision instanceof NeutronError) step.error = decision;
    else step.decision = decision;
  });

  if (options.isolateFailures) await releasePortReservations(tx, steps.filter((s) => s.error && s.networkId !== undefined).map((s) => s.id));
  const appending = steps.filter((s) => s.decision && s.decision.events.length > 0);
  await tx.appendMany(appending.map((s) => ({ stream: s.decision!.stream, expected: 'no_stream' as const, events: s.decision!.events, meta: s.create.meta })));
  return steps.map((s) => (s.error ? { error: s.error } : { port: s.decision!.result }));
}

export async function updatePort(tx: StoreTransaction, req: CommandRequest<PortChanges>, settings: IpamSettings): Promise<Port> {
  const current = await loadLocked<Port>(tx, portResource, req.id!, req.context, 'update');
  const changes = req.body!;
  assertServicePortKept(req, current, changes);
  let fixedIps;
  let subnets: SubnetOfPort[] | undefined;
  if (changes.fixed_ips !== undefined) {
    // The network's row share lock, which network delete and subnet create and delete wait on.
    ({ subnets } = await networkWithSubnets(tx, current.network_id, { ...req.context, isAdmin: true }, 'share'));
    const plan = planFixedIpsUpdate(current.fixed_ips, {
      networkId: current.network_id, requested: changes.fixed_ips, subnets, deviceOwner: changes.device_owner ?? current.device_owner, macAddress: current.mac_address,
    });
    await releaseAddresses(tx, current.id, plan.release);
    fixedIps = [...plan.keep, ...(await reserveAddresses(tx, current.network_id, current.id, plan.allocate))];
  }
  if (changes.mac_address !== undefined && changes.mac_address.toLowerCase() !== current.mac_address) {
    await reserveMac(tx, current.network_id, current.id, changes.mac_address, settings.macBase);
    await releaseMac(tx, current.network_id, current.mac_address, current.id);
  }
  return decideAndAppend<Port>(tx, req, 'port', current.id, current, {
    type: 'update', id: current.id, now: commandNow(), ifRevision: req.ifRevision, changes, subnets, fixedIps,
  });
}

/**
 * A router's or floating IP's port is the l3 service's record of it: through the port API nobody
 * may re-own it, move it to another device or change its addresses (l3 would no longer match it).
 */
function assertServicePortKept(req: CommandRequest, current: Port, changes: PortChanges): void {
  if (!SERVICE_PORT_OWNERS.includes(current.device_owner) || req.context.roles.includes('service')) return;
  const changed = (['device_owner', 'device_id', 'fixed_ips'] as const)
    .find((k) => changes[k] !== undefined && JSON.stringify(changes[k]) !== JSON.stringify(current[k]));
  if (changed) throw Errors.policyNotAuthorized(`update_port:${changed}`);
}

export async function deletePort(tx: StoreTransaction, req: CommandRequest): Promise<null> {
  const current = await loadLocked<Port>(tx, portResource, req.id!, req.context, 'update', { action: 'delete_port' });
  // Router and floating IP ports are deleted by the l3 service (a service context), never through the port API.
  await decideAndAppend(tx, req, 'port', current.id, current, {
    type: 'delete', id: current.id, now: commandNow(), ifRevision: req.ifRevision, byOwningService: req.context.roles.includes('service'),
  });
  return null;
}

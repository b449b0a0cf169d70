import {
  agentResource, ipamStreamName, networkResource, portResource, rbacPolicyResource, subnetpoolResource, subnetResource,
  type AgentEvent, type CommandRequest, type IpamEvent, type ResourceSpec,
} from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { decideAgent, decideNetwork, decidePort, decideRbacPolicy, decideSubnet, decideSubnetpool } from '@muon/ipam-domain';
import { appendMetaOf } from './command-meta.js';

export type AggregateName = 'network' | 'subnet' | 'subnetpool' | 'port' | 'agent' | 'rbac_policy';
type AnyDecide = (command: never, state: never, ctx: CommandRequest['context']) => (IpamEvent | AgentEvent)[];

/**
 * Each IPAM aggregate: its resource spec and its decider (pure, from @muon/ipam-domain).
 * `stableIds`: the id is derived from a name (an agent's host and type), so a stream can outlive
 * its deleted resource and start again.
 */
export const AGGREGATES: Record<AggregateName, { spec: ResourceSpec; decide: AnyDecide; stableIds?: boolean }> = {
  network: { spec: networkResource, decide: decideNetwork as AnyDecide },
  subnet: { spec: subnetResource, decide: decideSubnet as AnyDecide },
  subnetpool: { spec: subnetpoolResource, decide: decideSubnetpool as AnyDecide },
  port: { spec: portResource, decide: decidePort as AnyDecide },
  agent: { spec: agentResource, decide: decideAgent as AnyDecide, stableIds: true },
  rbac_policy: { spec: rbacPolicyResource, decide: decideRbacPolicy as AnyDecide },
};

/** What one command decides about one aggregate: the events for its stream and the resource after them. */
export interface Decision<T> {
  stream: string;
  events: (IpamEvent | AgentEvent)[];
  /** The resource as it is after the events (unchanged when the decider emitted none). */
  result: T;
}

/** Folds nothing (the read-model row, locked by the caller, is the current state) and decides. */
export function decideOn<T>(req: CommandRequest, aggregate: AggregateName, id: string, current: T | null, command: object): Decision<T> {
  const events = AGGREGATES[aggregate].decide(command as never, { [aggregate]: current, deleted: false } as never, req.context);
  const result = events.length === 0 ? current : (events[events.length - 1]!.data as Record<string, unknown>)[aggregate];
  return { stream: ipamStreamName(aggregate, id), events, result: result as T };
}

/**
 * The handler's one move: decide, and append to the aggregate's stream at its current version.
 * Returns the resource as it is after the command.
 */
export async function decideAndAppend<T>(
  tx: StoreTransaction, req: CommandRequest, aggregate: AggregateName, id: string, current: T | null, command: object,
): Promise<T> {
  const decision = decideOn<T>(req, aggregate, id, current, command);
  if (decision.events.length === 0) return decision.result;
  const expected = current === null && !AGGREGATES[aggregate].stableIds ? 'no_stream' : await tx.streamVersion(decision.stream);
  await tx.append(decision.stream, expected, decision.events, appendMetaOf(req));
  return decision.result;
}

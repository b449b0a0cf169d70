import type { CommandRequest } from '@muon/contracts';
import type { EventStore, TransactOptions } from '@muon/eventstore';
import type { RpcClient } from '@muon/messaging';
import type { IpamClient } from '../ipam/ipam-client.js';

/** What every l3 command handler works with: its own store, ipam over NATS, and a way to (re)place routers. */
export interface L3Deps {
  store: EventStore;
  ipam: IpamClient;
  /** NATS request/reply for what is not ipam's ports (quota limits). */
  rpc: RpcClient;
  /** Places a router on an L3 agent when it needs one and binds its ports there (after the command committed). */
  ensureScheduled(routerId: string): Promise<void>;
}

export type L3CommandHandler = (deps: L3Deps, req: CommandRequest<never>) => Promise<unknown>;

/** A sub-command id: each step of a command that calls ipam is idempotent on its own. */
export const stepId = (req: CommandRequest, step: string): string => `${req.commandId}:${step}`;

/**
 * Options for a command's recording transaction: a client's retry of the same request (same
 * idempotency key) gets the stored result instead of a second record — and never runs a
 * compensation that would undo the ports ipam replayed to it from the first run.
 */
export const recordOnce = (req: CommandRequest, step = 'record'): TransactOptions => (req.idempotent ? { commandId: stepId(req, step) } : {});

/** Runs `undo` when `work` fails, then rethrows: a half-done cross-service command leaves nothing behind. */
export async function compensated<T>(work: () => Promise<T>, undo: () => Promise<void>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await undo().catch(() => undefined);
    throw err;
  }
}

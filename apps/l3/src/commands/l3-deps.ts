import type { CommandRequest } from '@muon/contracts';
import type { EventStore } from '@muon/eventstore';
import type { IpamClient } from '../ipam/ipam-client.js';

/** What every l3 command handler works with: its own store, ipam over NATS, and a way to (re)place routers. */
export interface L3Deps {
  store: EventStore;
  ipam: IpamClient;
  /** Places a router on an L3 agent when it needs one and binds its ports there (after the command committed). */
  ensureScheduled(routerId: string): Promise<void>;
}

export type L3CommandHandler = (deps: L3Deps, req: CommandRequest<never>) => Promise<unknown>;

/** A sub-command id: each step of a command that calls ipam is idempotent on its own. */
export const stepId = (req: CommandRequest, step: string): string => `${req.commandId}:${step}`;

/** Runs `undo` when `work` fails, then rethrows: a half-done cross-service command leaves nothing behind. */
export async function compensated<T>(work: () => Promise<T>, undo: () => Promise<void>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await undo().catch(() => undefined);
    throw err;
  }
}

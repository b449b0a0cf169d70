import type { ObservedPortStatus } from './port-status.js';

/**
 * The statuses to report: those that differ from what the control plane last accepted from this
 * agent. Ports no longer observed (unbound from this host, deleted) are forgotten, so a port that
 * comes back is reported afresh.
 */
export function statusChanges(accepted: Map<string, ObservedPortStatus>, observed: Readonly<Record<string, ObservedPortStatus>>): { id: string; status: ObservedPortStatus }[] {
  for (const id of accepted.keys()) if (!(id in observed)) accepted.delete(id);
  return Object.entries(observed)
    .filter(([id, status]) => accepted.get(id) !== status)
    .map(([id, status]) => ({ id, status }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

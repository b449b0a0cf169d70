import { Errors } from '@muon/contracts';

/** Neutron's If-Match "revision_number=N": a stale expectation answers 412. */
export function assertRevision(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw Errors.revisionConflict(expected, current);
}

/** Every change a client can observe bumps revision_number by one and moves updated_at. */
export const touched = <T extends { revision_number: number; updated_at: string }>(resource: T, now: string): T => ({
  ...resource,
  revision_number: resource.revision_number + 1,
  updated_at: now,
});

import { Errors, mayAttempt, type RequestContext, type ResourceSpec } from '@muon/contracts';

/**
 * The gateway's part of the policy: refuse, before the owner is asked, a write that no target could
 * allow this caller (a reader's, or a member's admin-only action), answering Neutron's 403. When the
 * caller could not even read such a row, the owner answers instead (404: existence never leaks).
 */
export function assertMayWrite(spec: ResourceSpec, ctx: RequestContext, action: string, isCreate: boolean): void {
  if (mayAttempt(action, ctx)) return;
  if (isCreate || mayAttempt(`get_${spec.member}`, ctx)) throw Errors.policyNotAuthorized(action);
}

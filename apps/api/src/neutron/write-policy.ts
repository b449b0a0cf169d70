import { Errors, type RequestContext } from '@muon/contracts';

/**
 * Roles that only read (Keystone's `reader`): Neutron's default policy lets a project's readers
 * list and show its resources but create, change and delete nothing. A caller holding any other
 * role (member, admin, a service role) is left to the owner's rules.
 */
const READ_ONLY_ROLES: ReadonlySet<string> = new Set(['reader']);

/** 403 PolicyNotAuthorized `(rule:<action>) is disallowed by policy` for a caller that may only read. */
export function assertMayWrite(ctx: RequestContext, action: string): void {
  if (ctx.isAdmin || ctx.roles.some((role) => !READ_ONLY_ROLES.has(role))) return;
  throw Errors.policyNotAuthorized(action);
}

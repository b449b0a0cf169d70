import type { RequestContext } from '@muon/contracts';

/** What the gateway needs to know of a valid token. */
export interface ValidatedToken {
  userId: string;
  /** null for an unscoped token, which the Neutron API refuses. */
  projectId: string | null;
  roles: string[];
}

/** Checks an X-Auth-Token: the built-in identity (builtin) or an external Keystone (keystone). */
export interface TokenValidator {
  /** The token's holder, or null if the token is not valid (bad, expired, revoked). */
  validate(token: string): Promise<ValidatedToken | null>;
  /** Where a client gets a token (the WWW-Authenticate header of a 401). */
  authUri(baseUrl: string): string;
}

export const TOKEN_VALIDATOR = Symbol('TOKEN_VALIDATOR');

/** A token's holder as every command and query sees it; admin is the role, as Neutron's policy has it. */
export const contextOfToken = (token: ValidatedToken, requestId: string): RequestContext => ({
  userId: token.userId,
  projectId: token.projectId,
  roles: token.roles,
  isAdmin: token.roles.includes('admin'),
  requestId,
});

import { AuthRequestSchema } from '@muon/contracts';
import { KeystoneErrors } from '../http/keystone-error.js';

export type DomainRef = { id: string } | { name: string };
export type UserRef = { id: string } | { name: string; domain: DomainRef };
export type ProjectRef = { id: string } | { name: string; domain: DomainRef };

export type Credentials =
  | { method: 'password'; user: UserRef; password: string }
  | { method: 'token'; token: string };

/** What the token should be scoped to; `default` is the user's default project when it has one. */
export type ScopeRequest = { kind: 'project'; project: ProjectRef } | { kind: 'unscoped' } | { kind: 'default' } | { kind: 'unsupported'; what: string };

export interface ParsedAuthRequest { credentials: Credentials; scope: ScopeRequest }

const domainRef = (d: { id?: string; name?: string }): DomainRef => (d.id !== undefined ? { id: d.id } : { name: d.name! });

/** Reads a `POST /v3/auth/tokens` body: one method (password or token) and a scope. */
export function parseAuthRequest(body: unknown): ParsedAuthRequest {
  const parsed = AuthRequestSchema.safeParse(body);
  if (!parsed.success) throw KeystoneErrors.validation(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { identity, scope } = parsed.data.auth;
  return { credentials: credentialsOf(identity), scope: scopeOf(scope) };
}

function credentialsOf(identity: (typeof AuthRequestSchema)['_zod']['output']['auth']['identity']): Credentials {
  const method = identity.methods[0];
  if (identity.methods.length !== 1 || (method !== 'password' && method !== 'token')) {
    throw KeystoneErrors.unauthorized(`Unsupported authentication method: ${identity.methods.join(', ')}`);
  }
  if (method === 'token') {
    if (!identity.token) throw KeystoneErrors.validation('token: Required');
    return { method, token: identity.token.id };
  }
  const user = identity.password?.user;
  if (!user) throw KeystoneErrors.validation('password.user: Required');
  if (user.id !== undefined) return { method, user: { id: user.id }, password: user.password };
  if (user.name === undefined) throw KeystoneErrors.validation('password.user: an id or a name is required');
  if (!user.domain) throw KeystoneErrors.validation('Expecting to find domain in user');
  return { method, user: { name: user.name, domain: domainRef(user.domain) }, password: user.password };
}

function scopeOf(scope: (typeof AuthRequestSchema)['_zod']['output']['auth']['scope']): ScopeRequest {
  if (scope === undefined) return { kind: 'default' };
  if (scope === 'unscoped') return { kind: 'unscoped' };
  if (scope.project) {
    const p = scope.project;
    if (p.id !== undefined) return { kind: 'project', project: { id: p.id } };
    if (p.name === undefined) throw KeystoneErrors.validation('scope.project: an id or a name is required');
    if (!p.domain) throw KeystoneErrors.validation('Expecting to find domain in project');
    return { kind: 'project', project: { name: p.name, domain: domainRef(p.domain) } };
  }
  if (scope.domain) return { kind: 'unsupported', what: 'domain' };
  if (scope.system !== undefined) return { kind: 'unsupported', what: 'system' };
  return { kind: 'default' };
}

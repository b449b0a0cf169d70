import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DEFAULT_DOMAIN, type Project, type Role, type User } from '@muon/contracts';
import { CONFIG, type MuonConfig } from '@muon/service-kit';
import { IdentityDirectory } from '../directory/identity-directory.js';
import { verifyPassword } from '../directory/password-hasher.js';
import { KeystoneErrors } from '../http/keystone-error.js';
import { impliedRoleNames } from '../implied-roles.js';
import { IdentityStore } from '../store/identity-store.js';
import type { Credentials, DomainRef, ParsedAuthRequest, ScopeRequest } from './auth-request.js';
import { RevocationList } from './revocation-list.js';
import { loadSigningKey } from './signing-key.js';
import type { TokenClaims } from './token-claims.js';
import { decodeToken, encodeToken } from './token-codec.js';

export interface IssuedToken { token: string; claims: TokenClaims; user: User; project: Project | null }

/** Keystone's audit ids: 16 random bytes, URL-safe base64. */
const newAuditId = (): string => randomBytes(16).toString('base64url');
const isDefaultDomain = (d: DomainRef): boolean => ('id' in d ? d.id === DEFAULT_DOMAIN.id : d.name === DEFAULT_DOMAIN.name);

/** Issues, validates and revokes the built-in identity's tokens. */
@Injectable()
export class TokenService implements OnModuleInit {
  private key?: Buffer;

  constructor(
    private readonly identity: IdentityStore,
    private readonly directory: IdentityDirectory,
    private readonly revocations: RevocationList,
    @Inject(CONFIG) private readonly config: MuonConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.key = await loadSigningKey(await this.identity.open());
  }

  /** POST /v3/auth/tokens: authenticate, resolve the scope, sign. Every refusal is the same 401. */
  async issue(request: ParsedAuthRequest): Promise<IssuedToken> {
    const { user, parent } = await this.authenticate(request.credentials);
    const project = await this.scopeOf(request.scope, user);
    const roles = project ? await this.effectiveRoles(user.id, project.id) : [];
    if (project && roles.length === 0) throw KeystoneErrors.unauthorized(`User ${user.id} has no access to project ${project.id}`);
    const now = Date.now();
    const claims: TokenClaims = {
      userId: user.id,
      projectId: project?.id ?? null,
      roles: roles.map((r) => ({ id: r.id, name: r.name })),
      methods: parent ? [...new Set(['token', ...parent.methods])] : ['password'],
      issuedAt: now,
      // A token obtained with a token lives no longer than its parent (Keystone's rule).
      expiresAt: parent ? parent.expiresAt : now + this.config.MUON_TOKEN_EXPIRATION_SECONDS * 1000,
      auditIds: parent ? [newAuditId(), parent.auditIds[0]!] : [newAuditId()],
    };
    return { token: encodeToken(claims, this.signingKey()), claims, user, project };
  }

  /** The claims of a token that is well signed, unexpired and not revoked; null otherwise. */
  async validate(token: string): Promise<TokenClaims | null> {
    const claims = decodeToken(token, this.signingKey(), Date.now());
    if (!claims || (await this.revocations.isRevoked(claims))) return null;
    return claims;
  }

  /** The user and project a token names, as they are now (null if the user is gone). */
  async describe(claims: TokenClaims): Promise<{ user: User; project: Project | null } | null> {
    const user = await this.directory.get('user', claims.userId);
    if (!user) return null;
    return { user, project: claims.projectId ? await this.directory.get('project', claims.projectId) : null };
  }

  /** DELETE /v3/auth/tokens: revokes this token (by its audit id) on every replica. */
  async revoke(claims: TokenClaims): Promise<void> {
    await this.directory.run(async () => ({ result: null, revoked: [{ auditId: claims.auditIds[0] }] }));
  }

  private async authenticate(credentials: Credentials): Promise<{ user: User; parent: TokenClaims | null }> {
    if (credentials.method === 'token') {
      const parent = await this.validate(credentials.token);
      const user = parent ? await this.directory.get('user', parent.userId) : null;
      if (!parent || !user || !user.enabled) throw KeystoneErrors.unauthorized();
      return { user, parent };
    }
    const ref = credentials.user;
    const user = 'id' in ref ? await this.directory.get('user', ref.id)
      : isDefaultDomain(ref.domain) ? await this.directory.byName('user', ref.name, DEFAULT_DOMAIN.id) : null;
    const passwordOk = await verifyPassword(user ? await this.directory.passwordHash(user.id) : null, credentials.password);
    if (!user || !passwordOk || !user.enabled) throw KeystoneErrors.unauthorized();
    return { user, parent: null };
  }

  private async scopeOf(scope: ScopeRequest, user: User): Promise<Project | null> {
    switch (scope.kind) {
      case 'unscoped':
        return null;
      case 'unsupported':
        throw KeystoneErrors.unauthorized(`Muon's identity scopes tokens to projects only, not to a ${scope.what}`);
      case 'default': {
        // Like Keystone: no scope asked for means the user's default project, when it may be used.
        if (!user.default_project_id) return null;
        const project = await this.directory.get('project', user.default_project_id);
        return project?.enabled && (await this.directory.rolesOn(user.id, project.id)).length > 0 ? project : null;
      }
      case 'project': {
        const ref = scope.project;
        const project = 'id' in ref ? await this.directory.get('project', ref.id)
          : isDefaultDomain(ref.domain) ? await this.directory.byName('project', ref.name, DEFAULT_DOMAIN.id) : null;
        if (!project || !project.enabled) throw KeystoneErrors.unauthorized(`Could not find an enabled project: ${'id' in ref ? ref.id : ref.name}`);
        return project;
      }
    }
  }

  /** Direct roles on the project and the roles they imply. */
  private async effectiveRoles(userId: string, projectId: string): Promise<Role[]> {
    const direct = await this.directory.rolesOn(userId, projectId);
    if (direct.length === 0) return [];
    const implied = await this.directory.rolesNamed(impliedRoleNames(direct.map((r) => r.name)));
    const byId = new Map([...direct, ...implied].map((r) => [r.id, r]));
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private signingKey(): Buffer {
    if (!this.key) throw new Error('the token signing key is not loaded yet');
    return this.key;
  }
}

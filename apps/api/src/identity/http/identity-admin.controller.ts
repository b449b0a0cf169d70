import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Req, UseFilters } from '@nestjs/common';
import { DEFAULT_DOMAIN, type AppendMeta, type RoleAssignment } from '@muon/contracts';
import type { z } from 'zod';
import { publicBaseUrl } from '../../neutron/base-url.js';
import { ENTITY_KINDS, kindOfCollection, type EntityKind, type EntityOf } from '../directory/entity-kinds.js';
import { assignRole, createEntity, deleteEntity, unassignRole, updateEntity } from '../directory/identity-commands.js';
import { IdentityDirectory } from '../directory/identity-directory.js';
import type { TokenClaims } from '../tokens/token-claims.js';
import { TokenService } from '../tokens/token-service.js';
import { callerOf, firstHeader, requireAdmin, type Hdrs } from './identity-caller.js';
import { KeystoneError, KeystoneErrors } from './keystone-error.js';
import { KeystoneErrorFilter } from './keystone-error.filter.js';
import { identityV3Version } from './identity-versions.js';
import { parseRoleAssignmentQuery } from './role-assignment-query.js';
import { effectiveAssignments, renderRoleAssignment } from './role-assignment-view.js';

interface RequestLike { headers: Hdrs; protocol: string; hostname: string; host?: string }
type RawQuery = Record<string, string | string[] | undefined>;

const DOMAIN = { ...DEFAULT_DOMAIN, description: 'The default domain', enabled: true, tags: [] as string[], options: {} };
const flatQuery = (q: RawQuery): Record<string, string> =>
  Object.fromEntries(Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v[0]! : v]])));

/**
 * The part of Keystone's v3 admin API that the openstack CLI uses: projects, users and roles (one
 * generic path for the three), role grants, role assignments, and the one domain. Admins only.
 */
@Controller('identity/v3')
@UseFilters(KeystoneErrorFilter)
export class IdentityAdminController {
  constructor(private readonly directory: IdentityDirectory, private readonly tokens: TokenService) {}

  @Get('domains')
  async listDomains(@Query() query: RawQuery, @Headers() h: Hdrs, @Req() req: RequestLike) {
    await this.admin(h, 'list_domains');
    const matches = (query.name === undefined || query.name === DOMAIN.name) && (query.enabled === undefined || /^(1|true)$/i.test(String(query.enabled)));
    return { domains: matches ? [this.domainView(req)] : [], links: this.listLinks(req, 'domains') };
  }

  @Get('domains/:id')
  async showDomain(@Param('id') id: string, @Headers() h: Hdrs, @Req() req: RequestLike) {
    await this.admin(h, 'get_domain');
    if (id !== DOMAIN.id) throw KeystoneErrors.notFound('domain', id);
    return { domain: this.domainView(req) };
  }

  @Get('role_assignments')
  async listRoleAssignments(@Query() query: RawQuery, @Headers() h: Hdrs, @Req() req: RequestLike) {
    await this.admin(h, 'list_role_assignments');
    const q = parseRoleAssignmentQuery(query);
    const base = publicBaseUrl(req);
    if (q.nothing) return { role_assignments: [], links: this.listLinks(req, 'role_assignments') };
    const roles = new Map((await this.directory.list('role', {})).map((r) => [r.id, r]));
    let assignments = await this.directory.assignments(q.filter);
    if (q.effective) assignments = effectiveAssignments(assignments, roles).filter((a) => q.roleId === undefined || a.role_id === q.roleId);
    const names = q.includeNames ? {
      roles,
      users: new Map((await this.directory.list('user', {})).map((u) => [u.id, u])),
      projects: new Map((await this.directory.list('project', {})).map((p) => [p.id, p])),
    } : null;
    return { role_assignments: assignments.map((a) => renderRoleAssignment(a, base, names)), links: this.listLinks(req, 'role_assignments') };
  }

  @Get('projects/:projectId/users/:userId/roles')
  async listGrants(@Param('projectId') projectId: string, @Param('userId') userId: string, @Headers() h: Hdrs, @Req() req: RequestLike) {
    await this.admin(h, 'list_grants');
    const roles = await this.directory.rolesOn(userId, projectId);
    return { roles: roles.map((r) => this.view('role', r, req)), links: this.listLinks(req, `projects/${projectId}/users/${userId}/roles`) };
  }

  @Put('projects/:projectId/users/:userId/roles/:roleId')
  @HttpCode(204)
  async grant(@Param() p: Record<string, string>, @Headers() h: Hdrs): Promise<void> {
    const caller = await this.admin(h, 'create_grant');
    await this.directory.run((tx) => assignRole(tx, this.assignmentOf(p), this.meta(caller, h)));
  }

  /** HEAD as well (Fastify answers HEAD with the GET route): 204 when the grant exists. */
  @Get('projects/:projectId/users/:userId/roles/:roleId')
  @HttpCode(204)
  async checkGrant(@Param() p: Record<string, string>, @Headers() h: Hdrs): Promise<void> {
    await this.admin(h, 'check_grant');
    const a = this.assignmentOf(p);
    if ((await this.directory.assignments(a)).length === 0) throw KeystoneErrors.notFound('role assignment', `${a.role_id} of user ${a.user_id} on project ${a.project_id}`);
  }

  @Delete('projects/:projectId/users/:userId/roles/:roleId')
  @HttpCode(204)
  async revokeGrant(@Param() p: Record<string, string>, @Headers() h: Hdrs): Promise<void> {
    const caller = await this.admin(h, 'revoke_grant');
    await this.directory.run((tx) => unassignRole(tx, this.assignmentOf(p), this.meta(caller, h)));
  }

  @Get(':collection')
  async list(@Param('collection') collection: string, @Query() query: RawQuery, @Headers() h: Hdrs, @Req() req: RequestLike) {
    // `/identity/v3/` (the href version discovery gives) lands here with an empty collection.
    if (collection === '') return { version: identityV3Version(publicBaseUrl(req)) };
    const kind = this.kindOf(collection);
    await this.admin(h, `list_${collection}`);
    const items = await this.directory.list(kind, flatQuery(query));
    return { [collection]: items.map((item) => this.view(kind, item, req)), links: this.listLinks(req, collection) };
  }

  @Post(':collection')
  @HttpCode(201)
  async create(@Param('collection') collection: string, @Body() body: unknown, @Headers() h: Hdrs, @Req() req: RequestLike) {
    const kind = this.kindOf(collection);
    const caller = await this.admin(h, `create_${kind}`);
    const input = this.parse(ENTITY_KINDS[kind].create, kind, body);
    const created = await this.directory.run((tx) => createEntity(tx, kind, input as never, this.meta(caller, h)));
    return { [kind]: this.view(kind, created, req) };
  }

  @Get(':collection/:id')
  async show(@Param('collection') collection: string, @Param('id') id: string, @Headers() h: Hdrs, @Req() req: RequestLike) {
    const kind = this.kindOf(collection);
    await this.admin(h, `get_${kind}`);
    const item = await this.directory.get(kind, id);
    if (!item) throw KeystoneErrors.notFound(kind, id);
    return { [kind]: this.view(kind, item, req) };
  }

  @Patch(':collection/:id')
  async update(@Param('collection') collection: string, @Param('id') id: string, @Body() body: unknown, @Headers() h: Hdrs, @Req() req: RequestLike) {
    const kind = this.kindOf(collection);
    const caller = await this.admin(h, `update_${kind}`);
    const changes = this.parse(ENTITY_KINDS[kind].update, kind, body);
    const updated = await this.directory.run((tx) => updateEntity(tx, kind, id, changes as never, this.meta(caller, h)));
    return { [kind]: this.view(kind, updated, req) };
  }

  @Delete(':collection/:id')
  @HttpCode(204)
  async remove(@Param('collection') collection: string, @Param('id') id: string, @Headers() h: Hdrs): Promise<void> {
    const kind = this.kindOf(collection);
    const caller = await this.admin(h, `delete_${kind}`);
    await this.directory.run((tx) => deleteEntity(tx, kind, id, this.meta(caller, h)));
  }

  private async admin(h: Hdrs, action: string): Promise<TokenClaims> {
    const caller = await callerOf(this.tokens, h);
    requireAdmin(caller, action);
    return caller;
  }

  private kindOf(collection: string): EntityKind {
    const kind = kindOfCollection(collection);
    if (!kind) throw new KeystoneError(404, 'The resource could not be found.');
    return kind;
  }

  private parse(schema: z.ZodType, kind: EntityKind, body: unknown): unknown {
    const member = (body as Record<string, unknown> | null)?.[kind];
    if (member === undefined || member === null || typeof member !== 'object') throw KeystoneErrors.validation(`'${kind}' is a required property`);
    const parsed = schema.safeParse(member);
    if (!parsed.success) throw KeystoneErrors.validation(parsed.error.issues.map((i) => `${[kind, ...i.path].join('.')}: ${i.message}`).join('; '));
    return parsed.data;
  }

  private assignmentOf(p: Record<string, string>): RoleAssignment {
    return { user_id: p.userId!, project_id: p.projectId!, role_id: p.roleId! };
  }

  private meta(caller: TokenClaims, h: Hdrs): AppendMeta {
    return { actor: { userId: caller.userId, projectId: caller.projectId }, correlationId: firstHeader(h, 'x-openstack-request-id') ?? null };
  }

  private view<K extends EntityKind>(kind: K, item: EntityOf[K], req: RequestLike) {
    return { ...item, links: { self: `${publicBaseUrl(req)}/identity/v3/${ENTITY_KINDS[kind].collection}/${item.id}` } };
  }

  private domainView(req: RequestLike) {
    return { ...DOMAIN, links: { self: `${publicBaseUrl(req)}/identity/v3/domains/${DOMAIN.id}` } };
  }

  private listLinks(req: RequestLike, path: string) {
    return { self: `${publicBaseUrl(req)}/identity/v3/${path}`, previous: null, next: null };
  }
}

import {
  DEFAULT_DOMAIN, IdentityEventType, ProjectCreateSchema, ProjectUpdateSchema, RoleCreateSchema, RoleUpdateSchema,
  UserCreateSchema, UserUpdateSchema, type NewEvent, type Project, type Role, type User,
} from '@muon/contracts';
import type { z } from 'zod';

/** The identity resources the admin API creates, updates and deletes, each on its own stream. */
export type EntityKind = 'project' | 'user' | 'role';
export interface EntityOf { project: Project; user: User; role: Role }
export type Entity = EntityOf[EntityKind];

/** One declaration per kind: its table, collection, request schemas and list filters (STYLE.md §3). */
export const ENTITY_KINDS = {
  project: { table: 'projects', collection: 'projects', create: ProjectCreateSchema, update: ProjectUpdateSchema, filters: ['name', 'domain_id', 'enabled', 'parent_id'] },
  user: { table: 'users', collection: 'users', create: UserCreateSchema, update: UserUpdateSchema, filters: ['name', 'domain_id', 'enabled', 'default_project_id'] },
  role: { table: 'roles', collection: 'roles', create: RoleCreateSchema, update: RoleUpdateSchema, filters: ['name', 'domain_id'] },
} as const;

export type CreateInput<K extends EntityKind> = z.output<(typeof ENTITY_KINDS)[K]['create']>;
export type UpdateInput<K extends EntityKind> = z.output<(typeof ENTITY_KINDS)[K]['update']>;

export const kindOfCollection = (collection: string): EntityKind | undefined =>
  (Object.keys(ENTITY_KINDS) as EntityKind[]).find((kind) => ENTITY_KINDS[kind].collection === collection);

/** A new resource with Keystone's defaults; the password (a user's) is not part of it. */
export function newEntity<K extends EntityKind>(kind: K, id: string, input: CreateInput<K>): EntityOf[K] {
  const i = input as Record<string, unknown>;
  const common = { id, name: String(i.name), description: (i.description as string | null | undefined) ?? '', options: (i.options as Record<string, unknown>) ?? {} };
  const domainId = (i.domain_id as string | null | undefined) ?? DEFAULT_DOMAIN.id;
  switch (kind) {
    case 'project':
      return { ...common, domain_id: domainId, enabled: i.enabled as boolean, parent_id: (i.parent_id as string | null | undefined) ?? domainId, is_domain: false, tags: (i.tags as string[]) ?? [] } as EntityOf[K];
    case 'user':
      return {
        ...common, domain_id: domainId, enabled: i.enabled as boolean, default_project_id: (i.default_project_id as string | null | undefined) ?? null,
        email: (i.email as string | null | undefined) ?? null, password_expires_at: null,
      } as EntityOf[K];
    default:
      return { ...common, domain_id: null } as EntityOf[K];
  }
}

/** The resource after an update: the changes given (a password is handled apart), everything else kept. */
export function changedEntity<K extends EntityKind>(current: EntityOf[K], changes: UpdateInput<K>): EntityOf[K] {
  const { password: _password, ...rest } = changes as Record<string, unknown>;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...current, ...defined };
}

/** The decider: the events that take a resource from `before` to `after` (null: absent). */
export function entityEvents<K extends EntityKind>(kind: K, before: EntityOf[K] | null, after: EntityOf[K] | null): NewEvent[] {
  const types = {
    project: [IdentityEventType.projectCreated, IdentityEventType.projectUpdated, IdentityEventType.projectDeleted],
    user: [IdentityEventType.userCreated, IdentityEventType.userUpdated, IdentityEventType.userDeleted],
    role: [IdentityEventType.roleCreated, IdentityEventType.roleUpdated, IdentityEventType.roleDeleted],
  }[kind];
  if (before === null && after !== null) return [{ type: types[0], data: { [kind]: after } }];
  if (before !== null && after === null) return [{ type: types[2], data: { [kind]: before } }];
  if (before !== null && after !== null && JSON.stringify(before) !== JSON.stringify(after)) return [{ type: types[1], data: { [kind]: after } }];
  return [];
}

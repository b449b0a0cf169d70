import type { Role, RoleAssignment } from '@muon/contracts';
import { ENTITY_KINDS, type EntityKind, type EntityOf } from './entity-kinds.js';

/** Anything that runs SQL: the store (autocommit) or a transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

export async function findEntity<K extends EntityKind>(q: Queryable, kind: K, id: string, forUpdate = false): Promise<EntityOf[K] | null> {
  const { rows } = await q.query<{ body: EntityOf[K] }>(`select body from ${ENTITY_KINDS[kind].table} where id = $1${forUpdate ? ' for update' : ''}`, [id]);
  return rows[0]?.body ?? null;
}

/** By name: projects and users are named per domain, roles globally. */
export async function findEntityByName<K extends EntityKind>(q: Queryable, kind: K, name: string, domainId?: string): Promise<EntityOf[K] | null> {
  const { rows } = kind === 'role'
    ? await q.query<{ body: EntityOf[K] }>('select body from roles where name = $1', [name])
    : await q.query<{ body: EntityOf[K] }>(`select body from ${ENTITY_KINDS[kind].table} where domain_id = $1 and name = $2`, [domainId, name]);
  return rows[0]?.body ?? null;
}

/** A list with equality filters on the kind's whitelisted attributes, ordered by name. */
export async function listEntities<K extends EntityKind>(q: Queryable, kind: K, filters: Record<string, string>): Promise<EntityOf[K][]> {
  const where: string[] = [];
  const params: string[] = [];
  for (const [attribute, value] of Object.entries(filters)) {
    if (!(ENTITY_KINDS[kind].filters as readonly string[]).includes(attribute)) continue;
    params.push(attribute === 'enabled' ? String(/^(1|true|yes|on)$/i.test(value)) : value);
    where.push(`coalesce(body->>'${attribute}', '') = $${params.length}`);
  }
  const { rows } = await q.query<{ body: EntityOf[K] }>(
    `select body from ${ENTITY_KINDS[kind].table}${where.length ? ` where ${where.join(' and ')}` : ''} order by name, id`, params,
  );
  return rows.map((r) => r.body);
}

/** The roles a user holds directly on a project. */
export async function rolesOn(q: Queryable, userId: string, projectId: string): Promise<Role[]> {
  const { rows } = await q.query<{ body: Role }>(
    'select r.body from role_assignments a join roles r on r.id = a.role_id where a.user_id = $1 and a.project_id = $2 order by r.name',
    [userId, projectId],
  );
  return rows.map((r) => r.body);
}

export async function rolesNamed(q: Queryable, names: string[]): Promise<Role[]> {
  const { rows } = await q.query<{ body: Role }>('select body from roles where name = any($1::text[]) order by name', [names]);
  return rows.map((r) => r.body);
}

export async function findAssignments(q: Queryable, filter: Partial<RoleAssignment>): Promise<RoleAssignment[]> {
  const { rows } = await q.query<RoleAssignment>(
    `select user_id, project_id, role_id from role_assignments
      where ($1::text is null or user_id = $1) and ($2::text is null or project_id = $2) and ($3::text is null or role_id = $3)
      order by project_id, user_id, role_id`,
    [filter.user_id ?? null, filter.project_id ?? null, filter.role_id ?? null],
  );
  return rows;
}

export async function passwordHashOf(q: Queryable, userId: string): Promise<string | null> {
  const { rows } = await q.query<{ hash: string }>('select hash from user_passwords where user_id = $1', [userId]);
  return rows[0]?.hash ?? null;
}

import { randomUUID } from 'node:crypto';
import { DEFAULT_DOMAIN, IdentityEventType, identityStreamName, type AppendMeta, type RoleAssignment, type User } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { KeystoneErrors } from '../http/keystone-error.js';
import { changedEntity, entityEvents, newEntity, type CreateInput, type EntityKind, type EntityOf, type UpdateInput } from './entity-kinds.js';
import { findAssignments, findEntity, findEntityByName } from './identity-queries.js';
import { hashPassword } from './password-hasher.js';
import {
  revocationForPasswordChange, revocationForUnassignment, revocationsForChange, type RevocationTarget,
} from './revocation-policy.js';

/** What a command returns: the resource after it, and the tokens it invalidated (recorded by the caller). */
export interface CommandOutcome<T> { result: T; revoked: RevocationTarget[] }

/** Keystone ids: 32 hex digits. */
export const newIdentityId = (): string => randomUUID().replace(/-/g, '');

/**
 * The identity's write side, each function one unit of work inside the caller's transaction: check,
 * decide (entityEvents), append to the resource's stream at its version. The inline projection keeps
 * the read model; the unique indexes there catch a name taken concurrently.
 */
export async function createEntity<K extends EntityKind>(tx: StoreTransaction, kind: K, input: CreateInput<K>, meta: AppendMeta): Promise<CommandOutcome<EntityOf[K]>> {
  const entity = newEntity(kind, newIdentityId(), input);
  await checkReferences(tx, kind, entity);
  await checkNameFree(tx, kind, entity, null);
  await tx.append(identityStreamName(kind, entity.id), 'no_stream', entityEvents(kind, null, entity), meta);
  const password = (input as { password?: string | null }).password;
  if (kind === 'user' && password) await storePassword(tx, entity.id, password);
  return { result: entity, revoked: [] };
}

export async function updateEntity<K extends EntityKind>(tx: StoreTransaction, kind: K, id: string, changes: UpdateInput<K>, meta: AppendMeta): Promise<CommandOutcome<EntityOf[K]>> {
  const current = await loadForUpdate(tx, kind, id);
  const next = changedEntity(current, changes);
  await checkReferences(tx, kind, next);
  if (next.name !== current.name) await checkNameFree(tx, kind, next, id);
  const stream = identityStreamName(kind, id);
  const events = entityEvents(kind, current, next);
  const revoked = revocationsForChange(kind, current, next);
  const password = (changes as { password?: string }).password;
  if (kind === 'user' && password !== undefined) {
    await storePassword(tx, id, password);
    events.push({ type: IdentityEventType.userPasswordChanged, data: { user: next } });
    revoked.push(revocationForPasswordChange(id));
  }
  if (events.length > 0) await tx.append(stream, await tx.streamVersion(stream), events, meta);
  return { result: next, revoked };
}

export async function deleteEntity(tx: StoreTransaction, kind: EntityKind, id: string, meta: AppendMeta): Promise<CommandOutcome<null>> {
  const current = await loadForUpdate(tx, kind, id);
  const stream = identityStreamName(kind, id);
  await tx.append(stream, await tx.streamVersion(stream), entityEvents(kind, current, null), meta);
  if (kind === 'user') await tx.query('delete from user_passwords where user_id = $1', [id]);
  return { result: null, revoked: revocationsForChange(kind, current, null) };
}

/** Grants a role on a project (idempotent, like Keystone's PUT). */
export async function assignRole(tx: StoreTransaction, assignment: RoleAssignment, meta: AppendMeta): Promise<CommandOutcome<RoleAssignment>> {
  await checkAssignmentParts(tx, assignment);
  if ((await findAssignments(tx, assignment)).length === 0) {
    const stream = identityStreamName('user', assignment.user_id);
    await tx.append(stream, await tx.streamVersion(stream), [{ type: IdentityEventType.roleAssignmentCreated, data: { role_assignment: assignment } }], meta);
  }
  return { result: assignment, revoked: [] };
}

export async function unassignRole(tx: StoreTransaction, assignment: RoleAssignment, meta: AppendMeta): Promise<CommandOutcome<null>> {
  await checkAssignmentParts(tx, assignment);
  if ((await findAssignments(tx, assignment)).length === 0) {
    throw KeystoneErrors.notFound('role assignment', `role ${assignment.role_id} of user ${assignment.user_id} on project ${assignment.project_id}`);
  }
  const stream = identityStreamName('user', assignment.user_id);
  await tx.append(stream, await tx.streamVersion(stream), [{ type: IdentityEventType.roleAssignmentDeleted, data: { role_assignment: assignment } }], meta);
  return { result: null, revoked: [revocationForUnassignment(assignment.user_id, assignment.project_id)] };
}

/** Sets a user's password without the admin API's checks (first start keeps the admin's in step). */
export async function setPassword(tx: StoreTransaction, user: User, password: string, meta: AppendMeta): Promise<CommandOutcome<null>> {
  await storePassword(tx, user.id, password);
  const stream = identityStreamName('user', user.id);
  await tx.append(stream, await tx.streamVersion(stream), [{ type: IdentityEventType.userPasswordChanged, data: { user } }], meta);
  return { result: null, revoked: [revocationForPasswordChange(user.id)] };
}

async function storePassword(tx: StoreTransaction, userId: string, password: string): Promise<void> {
  await tx.query(
    'insert into user_passwords (user_id, hash) values ($1, $2) on conflict (user_id) do update set hash = excluded.hash',
    [userId, await hashPassword(password)],
  );
}

async function loadForUpdate<K extends EntityKind>(tx: StoreTransaction, kind: K, id: string): Promise<EntityOf[K]> {
  const current = await findEntity(tx, kind, id, true);
  if (!current) throw KeystoneErrors.notFound(kind, id);
  return current;
}

async function checkNameFree(tx: StoreTransaction, kind: EntityKind, entity: EntityOf[EntityKind], ownId: string | null): Promise<void> {
  const domainId = 'domain_id' in entity && entity.domain_id ? entity.domain_id : undefined;
  const holder = await findEntityByName(tx, kind, entity.name, domainId);
  if (holder && holder.id !== ownId) {
    throw KeystoneErrors.conflict(kind, `Duplicate entry found with name ${entity.name}${domainId ? ` at domain ID ${domainId}` : ''}`);
  }
}

/** Muon has one domain; a user's default project must exist. */
async function checkReferences(tx: StoreTransaction, kind: EntityKind, entity: EntityOf[EntityKind]): Promise<void> {
  if (kind !== 'role' && (entity as { domain_id: string }).domain_id !== DEFAULT_DOMAIN.id) {
    throw KeystoneErrors.notFound('domain', (entity as { domain_id: string }).domain_id);
  }
  if (kind === 'project' && (entity as { parent_id: string }).parent_id !== DEFAULT_DOMAIN.id) {
    throw KeystoneErrors.validation('Muon projects have no parent project: parent_id must be the domain.');
  }
  const defaultProject = kind === 'user' ? (entity as User).default_project_id : null;
  if (defaultProject && !(await findEntity(tx, 'project', defaultProject))) throw KeystoneErrors.notFound('project', defaultProject);
}

async function checkAssignmentParts(tx: StoreTransaction, a: RoleAssignment): Promise<void> {
  if (!(await findEntity(tx, 'project', a.project_id))) throw KeystoneErrors.notFound('project', a.project_id);
  if (!(await findEntity(tx, 'user', a.user_id))) throw KeystoneErrors.notFound('user', a.user_id);
  if (!(await findEntity(tx, 'role', a.role_id))) throw KeystoneErrors.notFound('role', a.role_id);
}

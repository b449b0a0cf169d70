import { z } from 'zod';
import { ProjectSchema, RoleAssignmentSchema, RoleSchema, UserSchema } from './identity.resources.js';

/**
 * Identity events (store schema `identity`, owned by the gateway's built-in identity). Events are fat
 * like IPAM's: the whole resource after the change. Passwords never appear in an event: the hash is
 * kept beside the read model, and `identity.user.password_changed` only records that it changed.
 * Role assignments live on their user's stream (`user-<id>`).
 */
export const IdentityEventType = {
  projectCreated: 'identity.project.created',
  projectUpdated: 'identity.project.updated',
  projectDeleted: 'identity.project.deleted',
  userCreated: 'identity.user.created',
  userUpdated: 'identity.user.updated',
  userDeleted: 'identity.user.deleted',
  userPasswordChanged: 'identity.user.password_changed',
  roleCreated: 'identity.role.created',
  roleUpdated: 'identity.role.updated',
  roleDeleted: 'identity.role.deleted',
  roleAssignmentCreated: 'identity.role_assignment.created',
  roleAssignmentDeleted: 'identity.role_assignment.deleted',
} as const;
export type IdentityEventTypeName = (typeof IdentityEventType)[keyof typeof IdentityEventType];

export const ProjectEventDataSchema = z.object({ project: ProjectSchema });
export const UserEventDataSchema = z.object({ user: UserSchema });
export const RoleEventDataSchema = z.object({ role: RoleSchema });
export const RoleAssignmentEventDataSchema = z.object({ role_assignment: RoleAssignmentSchema });

export const identityEventSchemas: Record<IdentityEventTypeName, Record<number, z.ZodType>> = {
  [IdentityEventType.projectCreated]: { 1: ProjectEventDataSchema },
  [IdentityEventType.projectUpdated]: { 1: ProjectEventDataSchema },
  [IdentityEventType.projectDeleted]: { 1: ProjectEventDataSchema },
  [IdentityEventType.userCreated]: { 1: UserEventDataSchema },
  [IdentityEventType.userUpdated]: { 1: UserEventDataSchema },
  [IdentityEventType.userDeleted]: { 1: UserEventDataSchema },
  [IdentityEventType.userPasswordChanged]: { 1: UserEventDataSchema },
  [IdentityEventType.roleCreated]: { 1: RoleEventDataSchema },
  [IdentityEventType.roleUpdated]: { 1: RoleEventDataSchema },
  [IdentityEventType.roleDeleted]: { 1: RoleEventDataSchema },
  [IdentityEventType.roleAssignmentCreated]: { 1: RoleAssignmentEventDataSchema },
  [IdentityEventType.roleAssignmentDeleted]: { 1: RoleAssignmentEventDataSchema },
};

export type IdentityAggregate = 'project' | 'user' | 'role';
export const identityStreamName = (aggregate: IdentityAggregate, id: string): string => `${aggregate}-${id}`;

import { z } from 'zod';

/**
 * The identity resources as Keystone v3 shows them (without `links`, which depend on the URL a client
 * used). Muon has one domain, `default` ("Default"), as a fresh Keystone has.
 */
export const DEFAULT_DOMAIN = { id: 'default', name: 'Default' } as const;

/** Roles created at first start, as `keystone-manage bootstrap` creates them; admin implies member implies reader. */
export const BUILTIN_ROLES = ['admin', 'member', 'reader'] as const;

const name = z.string().trim().min(1).max(255);
const description = z.string().max(65535);

export const ProjectSchema = z.object({
  id: z.string(),
  name,
  domain_id: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  parent_id: z.string(),
  is_domain: z.literal(false),
  tags: z.array(z.string()),
  options: z.record(z.string(), z.unknown()),
});
export type Project = z.infer<typeof ProjectSchema>;

/** A user as events and answers show it: never a password or its hash. */
export const UserSchema = z.object({
  id: z.string(),
  name,
  domain_id: z.string(),
  enabled: z.boolean(),
  default_project_id: z.string().nullable(),
  description: z.string(),
  email: z.string().nullable(),
  password_expires_at: z.null(),
  options: z.record(z.string(), z.unknown()),
});
export type User = z.infer<typeof UserSchema>;

export const RoleSchema = z.object({
  id: z.string(),
  name,
  domain_id: z.null(),
  description: z.string(),
  options: z.record(z.string(), z.unknown()),
});
export type Role = z.infer<typeof RoleSchema>;

/** A role a user holds on a project (Keystone's project-scoped user assignment). */
export const RoleAssignmentSchema = z.object({ user_id: z.string(), project_id: z.string(), role_id: z.string() });
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>;

// Request bodies of the admin API (POST creates, PATCH updates), as keystoneclient sends them.
// Attributes Keystone would store as "extra" are accepted and dropped.
export const ProjectCreateSchema = z.object({
  name,
  domain_id: z.string().nullish(),
  description: description.nullish(),
  enabled: z.boolean().default(true),
  parent_id: z.string().nullish(),
  is_domain: z.literal(false).optional(),
  tags: z.array(z.string().max(255)).default([]),
  options: z.record(z.string(), z.unknown()).default({}),
});
export const ProjectUpdateSchema = z.object({
  name: name.optional(),
  description: description.optional(),
  enabled: z.boolean().optional(),
  tags: z.array(z.string().max(255)).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

export const UserCreateSchema = z.object({
  name,
  domain_id: z.string().nullish(),
  password: z.string().min(1).max(4096).nullish(),
  enabled: z.boolean().default(true),
  default_project_id: z.string().nullish(),
  description: description.nullish(),
  email: z.string().max(255).nullish(),
  options: z.record(z.string(), z.unknown()).default({}),
});
export const UserUpdateSchema = z.object({
  name: name.optional(),
  password: z.string().min(1).max(4096).optional(),
  enabled: z.boolean().optional(),
  default_project_id: z.string().nullable().optional(),
  description: description.optional(),
  email: z.string().max(255).nullable().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

export const RoleCreateSchema = z.object({
  name,
  domain_id: z.null().optional(),
  description: description.nullish(),
  options: z.record(z.string(), z.unknown()).default({}),
});
export const RoleUpdateSchema = z.object({
  name: name.optional(),
  description: description.optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

import { z } from 'zod';

/**
 * The Keystone v3 token API as clients speak it: the body of `POST /v3/auth/tokens` and the token
 * body Keystone answers (which Muon serves in builtin mode and reads in keystone mode).
 */
const DomainRefSchema = z.object({ id: z.string().min(1).optional(), name: z.string().min(1).optional() })
  .refine((d) => d.id !== undefined || d.name !== undefined, 'a domain needs an id or a name');

export const AuthRequestSchema = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()).min(1),
      password: z.object({
        user: z.object({
          id: z.string().min(1).optional(),
          name: z.string().min(1).optional(),
          domain: DomainRefSchema.optional(),
          password: z.string(),
        }),
      }).optional(),
      token: z.object({ id: z.string().min(1) }).optional(),
    }),
    scope: z.union([
      z.literal('unscoped'),
      z.object({
        project: z.object({ id: z.string().min(1).optional(), name: z.string().min(1).optional(), domain: DomainRefSchema.optional() }).optional(),
        domain: DomainRefSchema.optional(),
        system: z.unknown().optional(),
      }),
    ]).optional(),
  }),
});
export type AuthRequest = z.infer<typeof AuthRequestSchema>;

const NamedRef = z.object({ id: z.string(), name: z.string() });
const DomainScopedRef = NamedRef.extend({ domain: NamedRef });

export const CatalogEntrySchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  endpoints: z.array(z.object({ id: z.string(), interface: z.string(), region: z.string(), region_id: z.string(), url: z.string() })),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

/** What clients need of Keystone's token body (Keystone sends more; unknown keys pass). */
export const KeystoneTokenSchema = z.object({
  methods: z.array(z.string()),
  user: DomainScopedRef.extend({ password_expires_at: z.string().nullable().optional() }),
  project: DomainScopedRef.optional(),
  roles: z.array(NamedRef).optional(),
  catalog: z.array(CatalogEntrySchema).optional(),
  expires_at: z.string(),
  issued_at: z.string(),
  audit_ids: z.array(z.string()),
  is_domain: z.boolean().optional(),
});
export type KeystoneToken = z.infer<typeof KeystoneTokenSchema>;
export const KeystoneTokenBodySchema = z.object({ token: KeystoneTokenSchema });

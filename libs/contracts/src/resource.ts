import { z } from 'zod';
import type { RequestContext } from './context.js';
import type { ServiceName } from './subjects.js';
import { hiddenAttributes } from './policy/policy.js';

/**
 * One attribute of a Neutron resource, in the spirit of Neutron's RESOURCE_ATTRIBUTE_MAP:
 * this one declaration gives request validation, defaults, the filter/sort whitelist and the
 * OpenAPI document. Who may set or see an attribute is the policy table's (policy/policy-rules.ts).
 */
export interface AttributeSpec {
  /** Validates and normalises a value a client sends (POST or PUT). */
  schema: z.ZodType;
  allowPost: boolean;
  allowPut: boolean;
  /**
   * Value used on create when the client gives none. A function is evaluated per request.
   * With allowPost and neither `default` nor `required`, the attribute is simply left out and the
   * owner computes it (e.g. a subnet's gateway_ip, a port's mac_address).
   */
  default?: unknown;
  required?: boolean;
  isVisible: boolean;
  /** Allowed as a list filter (default: true for visible attributes). */
  filter?: boolean;
  /** Allowed as a sort key (default: true for visible scalar attributes). */
  sort?: boolean;
  description?: string;
}

export interface ResourceSpec {
  service: ServiceName;
  /** 'networks' — the URL collection and the JSON key of a list. */
  collection: string;
  /** The URL segment when it differs from the JSON key: Neutron serves `rbac_policies` at /v2.0/rbac-policies. */
  path?: string;
  /** 'network' — the JSON key of one resource. */
  member: string;
  /** Neutron extension aliases that this resource or its attributes come from. */
  extensions: string[];
  attributes: Record<string, AttributeSpec>;
  /** Whether the standard-attr tag extension applies (`/tags` sub-resource and tag filters). */
  taggable: boolean;
  /** false for resources that only their service creates (agents register themselves): POST is 405. */
  creatable?: boolean;
  /** A resource an extension adds (agents): GET /v2.0 lists only the core ones, as Neutron does. */
  extensionResource?: boolean;
}

/** Neutron accepts JSON booleans and the strings "true"/"false" (any case). */
export const neutronBoolean = z.union([
  z.boolean(),
  z.string().regex(/^(true|false)$/i, 'is not a boolean').transform((s) => s.toLowerCase() === 'true'),
]);

export const uuidString = z.string().regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, "is not a valid UUID");

/** name/description: Neutron's limit is 255 characters. */
export const nameString = z.string().max(255);

export const tagString = z.string().min(1).max(255).regex(/^[^,]*$/, 'tag may not contain commas');

/**
 * Attributes every Neutron resource with standard attributes has. Resources spread this into
 * their own map so the shape of id/project/timestamps/revision is declared once.
 */
export const standardAttributes = (opts: { description?: boolean } = {}): Record<string, AttributeSpec> => ({
  id: { schema: uuidString, allowPost: false, allowPut: false, isVisible: true },
  project_id: { schema: z.string().max(255), allowPost: true, allowPut: false, isVisible: true },
  tenant_id: { schema: z.string().max(255), allowPost: true, allowPut: false, isVisible: true },
  created_at: { schema: z.string(), allowPost: false, allowPut: false, isVisible: true },
  updated_at: { schema: z.string(), allowPost: false, allowPut: false, isVisible: true },
  revision_number: { schema: z.number().int(), allowPost: false, allowPut: false, isVisible: true },
  tags: { schema: z.array(tagString), allowPost: false, allowPut: false, isVisible: true, sort: false },
  ...(opts.description === false ? {} : {
    description: { schema: z.string().max(255), allowPost: true, allowPut: true, default: '', isVisible: true },
  }),
});

/** Where a resource is served under /v2.0. */
export const resourcePath = (spec: Pick<ResourceSpec, 'collection' | 'path'>): string => spec.path ?? spec.collection;

/** Attributes a non-admin must not see (the same rule the gateway applies to lists). */
export function withoutHiddenAttributes<T extends Record<string, unknown>>(spec: ResourceSpec, ctx: RequestContext, body: T): T {
  const hidden = hiddenAttributes(spec, ctx);
  if (hidden.length === 0) return body;
  const out: Record<string, unknown> = { ...body };
  for (const name of hidden) delete out[name];
  return out as T;
}

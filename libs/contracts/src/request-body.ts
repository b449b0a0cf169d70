import type { z } from 'zod';
import type { RequestContext } from './context.js';
import { Errors } from './errors.js';
import { assertStorableJson } from './json-safety.js';
import type { ResourceSpec } from './resource.js';
import { attributeRuleName, mayAttempt } from './policy/policy.js';
import { isDeepStrictEqual } from 'node:util';

export type Verb = 'POST' | 'PUT';
export type Attributes = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Unwraps `{"network": {…}}` (or `{"networks": [{…}, …]}` for a bulk POST) and validates every
 * item against the resource's attribute map. Returns the normalised items; throws NeutronError
 * (400, or 403 for admin-only attributes) before anything is written.
 */
export function parseResourceBody(spec: ResourceSpec, raw: unknown, verb: Verb, ctx: RequestContext): { items: Attributes[]; bulk: boolean } {
  if (!isPlainObject(raw)) throw Errors.badRequest(`Unable to find '${spec.member}' in request body`);
  assertStorableJson(raw);
  const keys = Object.keys(raw);
  if (verb === 'POST' && keys.length === 1 && keys[0] === spec.collection) {
    const list = raw[spec.collection];
    if (!Array.isArray(list) || list.length === 0) throw Errors.badRequest(`Resources required`);
    if (list.length > 1000) throw Errors.badRequest('A bulk request may create at most 1000 resources');
    return { items: list.map((item) => validateItem(spec, item, verb, ctx)), bulk: true };
  }
  if (keys.length !== 1 || keys[0] !== spec.member) throw Errors.badRequest(`Unable to find '${spec.member}' in request body`);
  return { items: [validateItem(spec, raw[spec.member], verb, ctx)], bulk: false };
}

function validateItem(spec: ResourceSpec, item: unknown, verb: Verb, ctx: RequestContext): Attributes {
  if (!isPlainObject(item)) throw Errors.badRequest(`Invalid input for ${spec.member}. Reason: must be a JSON object.`);
  const unknown = Object.keys(item).filter((k) => !(k in spec.attributes));
  if (unknown.length > 0) throw Errors.unrecognizedAttributes(unknown);
  const out: Attributes = {};
  for (const [name, value] of Object.entries(item)) {
    const attr = spec.attributes[name]!;
    if (verb === 'POST' ? !attr.allowPost : !attr.allowPut) throw Errors.attributeNotAllowed(name, verb);
    const parsed = attr.schema.safeParse(value);
    if (!parsed.success) {
      const reason = describeIssues(parsed.error);
      throw Errors.invalidAttribute(name, `'${shortJson(value)}' ${reason}`);
    }
    out[name] = parsed.data;
  }
  if (verb === 'POST') fillCreateDefaults(spec, out, ctx);
  assertAttributePolicy(spec, Object.keys(item), out, verb, ctx);
  return out;
}

/**
 * 403 for an attribute the caller may not set, by the policy table's `create_<member>:<attr>` and
 * `update_<member>:<attr>` rules. As in Neutron, a create that sets an attribute to its default
 * value is not checked. The target is the request itself (its project on a create); what only the
 * stored row can tell (whose network it is) the owner checks again.
 */
function assertAttributePolicy(spec: ResourceSpec, given: string[], out: Attributes, verb: Verb, ctx: RequestContext): void {
  const target = verb === 'POST' ? { project_id: out.project_id as string | undefined } : {};
  for (const name of given) {
    const action = attributeRuleName(verb === 'POST' ? 'create' : 'update', spec, name);
    if (!action) continue;
    const attr = spec.attributes[name]!;
    if (verb === 'POST' && 'default' in attr && typeof attr.default !== 'function' && isDeepStrictEqual(out[name], attr.default)) continue;
    if (!mayAttempt(action, ctx, target)) throw Errors.policyNotAuthorized(action);
  }
}

/** A validation failure in one line: `path: message; …` (no path for the value itself). */
export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message).join('; ');

/** Parses an internal request body (an agent's message, a quota change); 400 naming `what` when it does not fit. */
export function parseOrBadRequest<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw Errors.badRequest(`${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function fillCreateDefaults(spec: ResourceSpec, out: Attributes, ctx: RequestContext): void {
  if ('project_id' in spec.attributes) {
    const given = [out.project_id, out.tenant_id].filter((v) => v !== undefined);
    if (given.length === 2 && given[0] !== given[1]) throw Errors.badRequest("'project_id' and 'tenant_id' do not match");
    const project = (given[0] as string | undefined) ?? ctx.projectId;
    // '' is a real owner: the ports services create for no project (router gateways, floating IPs).
    if (project === undefined || project === null) throw Errors.missingAttribute('project_id');
    out.project_id = project;
    delete out.tenant_id;
  }
  for (const [name, attr] of Object.entries(spec.attributes)) {
    if (!attr.allowPost || name in out || name === 'project_id' || name === 'tenant_id') continue;
    if (attr.required) throw Errors.missingAttribute(name);
    if ('default' in attr) out[name] = typeof attr.default === 'function' ? (attr.default as () => unknown)() : structuredClone(attr.default);
  }
}

function shortJson(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

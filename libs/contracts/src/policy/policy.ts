import { Errors } from '../errors.js';
import type { ResourceSpec } from '../resource.js';
import { evaluateCheck, type PolicyCaller, type PolicyRule, type PolicyTarget } from './policy-check.js';
import { POLICY_RULES } from './policy-rules.js';

/** The rule of an action; an attribute action (`verb_member:attr`) falls back to `verb_*:attr`. */
export function policyRule(action: string): PolicyRule | undefined {
  if (Object.hasOwn(POLICY_RULES, action)) return POLICY_RULES[action];
  const colon = action.indexOf(':');
  const underscore = action.indexOf('_');
  if (colon < 0 || underscore < 0 || underscore > colon) return undefined;
  const wildcard = `${action.slice(0, underscore)}_*${action.slice(colon)}`;
  return Object.hasOwn(POLICY_RULES, wildcard) ? POLICY_RULES[wildcard] : undefined;
}

/** Whether the caller may do `action` to a target whose facts are all known. Unknown actions are refused. */
export function allows(action: string, caller: PolicyCaller, target: PolicyTarget = {}): boolean {
  const rule = policyRule(action);
  return !!rule && rule.some((check) => evaluateCheck(check, caller, target) === true);
}

/**
 * Whether some target with the known facts could let the caller do `action`: what the gateway can
 * decide before the owner loads the row (a reader never writes; an admin-only attribute is admin-only).
 */
export function mayAttempt(action: string, caller: PolicyCaller, target: PolicyTarget = {}): boolean {
  const rule = policyRule(action);
  return !!rule && rule.some((check) => evaluateCheck(check, caller, target) !== false);
}

/** 403 PolicyNotAuthorized `(rule:<action>) is disallowed by policy` unless `allows`. */
export function enforce(action: string, caller: PolicyCaller, target: PolicyTarget = {}): void {
  if (!allows(action, caller, target)) throw Errors.policyNotAuthorized(action);
}

export type AttributeVerb = 'create' | 'update' | 'get';

/** `create_network:shared`; undefined when no rule restricts the attribute. */
export function attributeRuleName(verb: AttributeVerb, spec: Pick<ResourceSpec, 'member'>, attribute: string): string | undefined {
  const action = `${verb}_${spec.member}:${attribute}`;
  return policyRule(action) ? action : undefined;
}

/** Attributes of `spec` the caller may not see: left out of shows and lists, not filterable or sortable. */
export function hiddenAttributes(spec: ResourceSpec, caller: PolicyCaller): string[] {
  return Object.keys(spec.attributes).filter((name) => {
    const action = attributeRuleName('get', spec, name);
    return action !== undefined && !allows(action, caller);
  });
}

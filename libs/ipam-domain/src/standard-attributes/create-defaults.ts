import type { ResourceSpec } from '@muon/contracts';

/**
 * Fills the create defaults declared in a resource's attribute map, so a decider works the same
 * whether the gateway already applied them or another service sent a bare command.
 */
export function withCreateDefaults<T extends object>(spec: ResourceSpec, input: T): T {
  const out = { ...input } as Record<string, unknown>;
  for (const [name, attr] of Object.entries(spec.attributes)) {
    if (!attr.allowPost || out[name] !== undefined || !('default' in attr)) continue;
    out[name] = typeof attr.default === 'function' ? (attr.default as () => unknown)() : structuredClone(attr.default);
  }
  return out as T;
}

/** The keys of `changes` whose value differs from `current` (deep, JSON equality). */
export function changedKeys<T extends object>(current: T, changes: Partial<T>): (keyof T)[] {
  return (Object.keys(changes) as (keyof T)[]).filter(
    (k) => changes[k] !== undefined && JSON.stringify(changes[k]) !== JSON.stringify(current[k]),
  );
}

/** The standard attributes every new Neutron resource starts with (revision 1, no tags, now). */
export function newResourceStandardFields(id: string, a: { project_id: string; name?: string; description?: string }, now: string) {
  return {
    id,
    project_id: a.project_id,
    tenant_id: a.project_id,
    name: a.name ?? '',
    description: a.description ?? '',
    tags: [] as string[],
    created_at: now,
    updated_at: now,
    revision_number: 1,
  };
}

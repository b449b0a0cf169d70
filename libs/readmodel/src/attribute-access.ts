import type { AttributeSpec, ResourceSpec } from '@muon/contracts';
import { attributeKind, type AttributeKind } from './attribute-kind.js';

/**
 * What a caller may do with each attribute of a resource in a list request. An attribute the caller
 * may not read (hidden by policy, e.g. admin-only for a non-admin) behaves as if it did not exist: it cannot be filtered or
 * sorted on (which would leak its value) and `fields=` silently leaves it out.
 */
export interface AttributeAccess {
  attribute(name: string): AttributeSpec | undefined;
  kind(name: string): AttributeKind;
  canRead(name: string): boolean;
  canFilter(name: string): boolean;
  canSort(name: string): boolean;
}

export function attributeAccess(spec: ResourceSpec, hiddenAttributes: readonly string[] = []): AttributeAccess {
  const hidden = new Set(hiddenAttributes);
  const kinds = new Map<string, AttributeKind>();
  // Own properties only: a query key such as "constructor" must not find Object.prototype members.
  const attribute = (name: string): AttributeSpec | undefined =>
    Object.hasOwn(spec.attributes, name) ? spec.attributes[name] : undefined;
  const kind = (name: string): AttributeKind => {
    let k = kinds.get(name);
    if (!k) {
      const attr = attribute(name);
      k = attr ? attributeKind(attr.schema) : { kind: 'other' };
      kinds.set(name, k);
    }
    return k;
  };
  const mayRead = (name: string): boolean => !hidden.has(name);
  return {
    attribute,
    kind,
    canRead: (name) => {
      const attr = attribute(name);
      return !!attr && attr.isVisible && mayRead(name);
    },
    canFilter: (name) => {
      const attr = attribute(name);
      return !!attr && (attr.filter ?? attr.isVisible) && mayRead(name);
    },
    canSort: (name) => {
      const attr = attribute(name);
      if (!attr || !mayRead(name)) return false;
      return attr.sort ?? (attr.isVisible && kind(name).kind === 'scalar');
    },
  };
}

import { describe, expect, it } from '@jest/globals';
import { networkResource } from '@muon/contracts';
import { changedKeys, withCreateDefaults } from './create-defaults.js';
import { assertRevision, touched } from './revision.js';
import { applyTagChange, normaliseTags } from './tags.js';
import { neutronTimestamp } from './timestamp.js';

describe('standard attributes', () => {
  it('writes timestamps the way Neutron does, whole seconds in UTC', () => {
    expect(neutronTimestamp(new Date('2025-03-04T05:06:07.890Z'))).toBe('2025-03-04T05:06:07Z');
  });

  it('bumps revision_number by one and moves updated_at', () => {
    expect(touched({ revision_number: 1, updated_at: 'a', created_at: 'a' }, 'b')).toEqual({ revision_number: 2, updated_at: 'b', created_at: 'a' });
  });

  it('answers 412 RevisionNumberConstraintFailed on a stale If-Match and passes without one', () => {
    expect(() => assertRevision(3, undefined)).not.toThrow();
    expect(() => assertRevision(3, 3)).not.toThrow();
    expect(() => assertRevision(3, 2)).toThrow(expect.objectContaining({ status: 412, type: 'RevisionNumberConstraintFailed' }));
  });

  it('collapses duplicate tags and refuses commas and more than fifty', () => {
    expect(normaliseTags(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(() => normaliseTags(['a,b'])).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => normaliseTags(Array.from({ length: 51 }, (_, i) => `t${i}`))).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('applies the /tags requests: add is idempotent, removing a tag the resource lacks is 404 TagNotFound', () => {
    expect(applyTagChange(['a'], { add: 'b' })).toEqual(['a', 'b']);
    expect(applyTagChange(['a', 'b'], { add: 'b' })).toEqual(['a', 'b']);
    expect(applyTagChange(['a', 'b'], { remove: 'a' })).toEqual(['b']);
    expect(applyTagChange(['a'], { set: ['x', 'y'] })).toEqual(['x', 'y']);
    expect(applyTagChange(['a'], { clear: true })).toEqual([]);
    expect(() => applyTagChange(['a'], { remove: 'z' })).toThrow(expect.objectContaining({ status: 404, type: 'TagNotFound', message: 'Tag z could not be found.' }));
  });

  it('fills the create defaults of the attribute map without overriding given values', () => {
    expect(withCreateDefaults(networkResource, { project_id: 'p', name: 'n' })).toMatchObject({ name: 'n', admin_state_up: true, shared: false, availability_zone_hints: [] });
  });

  it('lists only the keys a change really changes', () => {
    expect(changedKeys({ a: 1, b: [1] }, { a: 1, b: [2] })).toEqual(['b']);
  });
});

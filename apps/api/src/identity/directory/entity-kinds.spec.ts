import { describe, expect, it } from '@jest/globals';
import { ProjectCreateSchema, UserCreateSchema } from '@muon/contracts';
import { changedEntity, entityEvents, kindOfCollection, newEntity } from './entity-kinds.js';
import { revocationsForChange } from './revocation-policy.js';

const project = newEntity('project', 'p1', ProjectCreateSchema.parse({ name: 'demo' }));
const user = newEntity('user', 'u1', UserCreateSchema.parse({ name: 'alice', password: 'secret' }));

describe('identity resources', () => {
  it('get Keystone\'s defaults, and a user never holds its password', () => {
    expect(project).toEqual({ id: 'p1', name: 'demo', description: '', options: {}, domain_id: 'default', enabled: true, parent_id: 'default', is_domain: false, tags: [] });
    expect(user).toEqual({ id: 'u1', name: 'alice', description: '', options: {}, domain_id: 'default', enabled: true, default_project_id: null, email: null, password_expires_at: null });
    expect(kindOfCollection('users')).toBe('user');
    expect(kindOfCollection('groups')).toBeUndefined();
  });

  it('decide created, updated (only on a real change) and deleted events', () => {
    expect(entityEvents('project', null, project)).toEqual([{ type: 'identity.project.created', data: { project } }]);
    const renamed = changedEntity(project, { name: 'renamed', description: undefined });
    expect(renamed).toEqual({ ...project, name: 'renamed' });
    expect(entityEvents('project', project, renamed)).toEqual([{ type: 'identity.project.updated', data: { project: renamed } }]);
    expect(entityEvents('project', project, changedEntity(project, {}))).toEqual([]);
    expect(entityEvents('user', user, null)).toEqual([{ type: 'identity.user.deleted', data: { user } }]);
  });

  it('an update leaves the password out of the resource', () => {
    expect(changedEntity(user, { password: 'new' })).toEqual(user);
  });
});

describe('which tokens a change revokes', () => {
  it('a deleted or disabled user\'s or project\'s, a deleted role\'s; nothing for other changes', () => {
    expect(revocationsForChange('user', user, null)).toEqual([{ userId: 'u1' }]);
    expect(revocationsForChange('user', user, { ...user, enabled: false })).toEqual([{ userId: 'u1' }]);
    expect(revocationsForChange('user', user, { ...user, email: 'a@example.org' })).toEqual([]);
    expect(revocationsForChange('project', project, { ...project, enabled: false })).toEqual([{ projectId: 'p1' }]);
    expect(revocationsForChange('role', { id: 'r1', name: 'x', domain_id: null, description: '', options: {} }, null)).toEqual([{ roleId: 'r1' }]);
    expect(revocationsForChange('project', null, project)).toEqual([]);
  });
});

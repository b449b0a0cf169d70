import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { eventCatalog } from '../event-catalog.js';
import { IdentityEventType, identityEventSchemas, UserEventDataSchema } from './identity.events.js';
import { KeystoneTokenBodySchema } from './keystone-auth.js';

describe('identity events', () => {
  it('has a data schema for every event type, all in the event catalog', () => {
    expect(Object.keys(identityEventSchemas).sort()).toEqual(Object.values(IdentityEventType).sort());
    for (const type of Object.values(IdentityEventType)) expect(eventCatalog[type]?.[1]).toBeDefined();
  });

  it('never carries a password in a user event', () => {
    const user = (z.toJSONSchema(UserEventDataSchema) as { properties: { user: { properties: Record<string, unknown> } } }).properties.user;
    expect(Object.keys(user.properties)).not.toContain('password');
  });
});

describe('Keystone token body', () => {
  it('reads what keystonemiddleware reads and lets unknown keys pass', () => {
    const body = KeystoneTokenBodySchema.parse({ token: {
      methods: ['password'], user: { id: 'u', name: 'n', domain: { id: 'default', name: 'Default' }, password_expires_at: null },
      expires_at: '2026-01-01T00:00:00.000000Z', issued_at: '2026-01-01T00:00:00.000000Z', audit_ids: ['a'], extra: true,
    } });
    expect(body.token.project).toBeUndefined();
  });
});

import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@muon/service-kit';
import { keystoneAuthUri, keystoneSettings, keystoneV3Url } from './keystone-settings.js';
import { validatedFromKeystone } from './keystone-token.js';
import { ValidationCache } from './validation-cache.js';

describe('keystone mode settings', () => {
  it('accepts Keystone\'s URL with or without /v3', () => {
    expect(keystoneV3Url('http://k:5000')).toBe('http://k:5000/v3');
    expect(keystoneV3Url('http://k/identity/')).toBe('http://k/identity/v3');
    expect(keystoneV3Url('http://k:5000/v3/')).toBe('http://k:5000/v3');
    expect(keystoneAuthUri('http://k/identity/v3')).toBe('http://k/identity');
  });

  it('needs the URL and the service user, and defaults the rest like neutron\'s [keystone_authtoken]', () => {
    expect(() => keystoneSettings(loadConfig({ MUON_AUTH_MODE: 'keystone' }))).toThrow(/MUON_KEYSTONE_URL, MUON_KEYSTONE_USERNAME, MUON_KEYSTONE_PASSWORD/);
    const s = keystoneSettings(loadConfig({ MUON_KEYSTONE_URL: 'http://k:5000', MUON_KEYSTONE_USERNAME: 'neutron', MUON_KEYSTONE_PASSWORD: 'pw' }));
    expect(s).toMatchObject({ v3Url: 'http://k:5000/v3', projectName: 'service', userDomainName: 'Default', projectDomainName: 'Default', cacheMs: 60_000 });
    expect(() => loadConfig({ MUON_KEYSTONE_CACHE_SECONDS: '301' })).toThrow(/MUON_KEYSTONE_CACHE_SECONDS/);
  });
});

describe('a token as Keystone describes it', () => {
  const token = {
    methods: ['password'], user: { id: 'u', name: 'alice', domain: { id: 'default', name: 'Default' } },
    project: { id: 'p', name: 'demo', domain: { id: 'default', name: 'Default' } }, roles: [{ id: 'r', name: 'Admin' }],
    expires_at: '2026-01-01T01:00:00.000000Z', issued_at: '2026-01-01T00:00:00.000000Z', audit_ids: ['a'],
  };

  it('gives the holder, its project and roles (lower case), and when the token ends', () => {
    expect(validatedFromKeystone(token, Date.UTC(2026, 0, 1, 0, 30))).toEqual({
      validated: { userId: 'u', projectId: 'p', roles: ['admin'] }, expiresAt: Date.UTC(2026, 0, 1, 1),
    });
  });

  it('is nothing once expired', () => {
    expect(validatedFromKeystone(token, Date.UTC(2026, 0, 1, 1))).toBeNull();
  });
});

describe('validation cache', () => {
  it('forgets an entry when it expires', () => {
    const cache = new ValidationCache<string | null>(10);
    cache.set('k', null, 1_000);
    expect(cache.get('k', 999)).toEqual({ value: null });
    expect(cache.get('k', 1_000)).toBeUndefined();
  });

  it('holds at most its bound, dropping the oldest', () => {
    const cache = new ValidationCache<number>(2);
    cache.set('a', 1, 10);
    cache.set('b', 2, 10);
    cache.set('c', 3, 10);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('c', 0)).toEqual({ value: 3 });
  });
});

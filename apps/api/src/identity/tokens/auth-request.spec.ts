import { describe, expect, it } from '@jest/globals';
import { KeystoneError } from '../http/keystone-error.js';
import { parseAuthRequest } from './auth-request.js';

const password = (user: object, scope?: unknown) => ({ auth: { identity: { methods: ['password'], password: { user: { password: 'pw', ...user } } }, ...(scope === undefined ? {} : { scope }) } });
const errorOf = (body: unknown): KeystoneError => {
  try { parseAuthRequest(body); } catch (err) { return err as KeystoneError; }
  throw new Error('expected an error');
};

describe('POST /v3/auth/tokens body', () => {
  it('reads a password login by user name and domain, scoped to a project by name', () => {
    expect(parseAuthRequest(password({ name: 'alice', domain: { name: 'Default' } }, { project: { name: 'demo', domain: { id: 'default' } } }))).toEqual({
      credentials: { method: 'password', user: { name: 'alice', domain: { name: 'Default' } }, password: 'pw' },
      scope: { kind: 'project', project: { name: 'demo', domain: { id: 'default' } } },
    });
  });

  it('reads user and project ids, no scope (the default project) and "unscoped"', () => {
    expect(parseAuthRequest(password({ id: 'u1' }, { project: { id: 'p1' } })).scope).toEqual({ kind: 'project', project: { id: 'p1' } });
    expect(parseAuthRequest(password({ id: 'u1' })).scope).toEqual({ kind: 'default' });
    expect(parseAuthRequest(password({ id: 'u1' }, 'unscoped')).scope).toEqual({ kind: 'unscoped' });
    expect(parseAuthRequest(password({ id: 'u1' }, { domain: { id: 'default' } })).scope).toEqual({ kind: 'unsupported', what: 'domain' });
  });

  it('reads a token login (re-scoping)', () => {
    expect(parseAuthRequest({ auth: { identity: { methods: ['token'], token: { id: 'tok' } } } }).credentials).toEqual({ method: 'token', token: 'tok' });
  });

  it('answers 400 for a malformed body and 401 for an unsupported method', () => {
    expect(errorOf({}).status).toBe(400);
    expect(errorOf(password({ name: 'alice' })).message).toMatch(/domain/);
    expect(errorOf(password({ id: 'u1' }, { project: { name: 'demo' } })).status).toBe(400);
    expect(errorOf({ auth: { identity: { methods: ['totp'] } } }).status).toBe(401);
  });
});

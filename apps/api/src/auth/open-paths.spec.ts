import { describe, expect, it } from '@jest/globals';
import { isIdentityPath, isOpenPath, pathOf } from './open-paths.js';

describe('paths open without a token', () => {
  it('are version discovery, probes, metrics and asking for a token', () => {
    for (const [method, url] of [['GET', '/'], ['GET', '/v2.0'], ['GET', '/v2.0/'], ['HEAD', '/'], ['GET', '/healthz'], ['GET', '/readyz?x=1'],
      ['GET', '/metrics'], ['GET', '/identity'], ['GET', '/identity/v3/'], ['POST', '/identity/v3/auth/tokens']] as const) {
      expect([method, url, isOpenPath(method, pathOf(url))]).toEqual([method, url, true]);
    }
  });

  it('are nothing else', () => {
    for (const [method, url] of [['GET', '/v2.0/networks'], ['POST', '/v2.0'], ['GET', '/v2.0/extensions'], ['GET', '/openapi.json'],
      ['GET', '/identity/v3/auth/tokens'], ['DELETE', '/identity/v3/auth/tokens'], ['GET', '/identity/v3/projects'], ['GET', '/v2.0/../healthz']] as const) {
      expect([method, url, isOpenPath(method, pathOf(url))]).toEqual([method, url, false]);
    }
  });

  it('tells identity paths from Neutron\'s', () => {
    expect(isIdentityPath('/identity/v3/users')).toBe(true);
    expect(isIdentityPath('/identityx')).toBe(false);
    expect(isIdentityPath('/v2.0/networks')).toBe(false);
  });
});

import { afterAll, beforeAll } from '@jest/globals';
import { join } from 'node:path';
import { TestPlatform } from '@muon/embedded';
import { expectStatus, type ApiResponse, type Json } from './neutron-client.js';

export const ADMIN_PASSWORD = 'test-admin-password';

/** A whole Muon whose gateway runs the built-in identity (MUON_AUTH_MODE=builtin), for the calling test file. */
export function builtinPlatformForThisFile(apiEnv: NodeJS.ProcessEnv = {}): TestPlatform {
  const platform = new TestPlatform({
    repoRoot: join(import.meta.dirname, '..', '..', '..', '..'),
    postgresUrl: process.env.TEST_DATABASE_URL!,
    serviceEnv: { api: { MUON_AUTH_MODE: 'builtin', MUON_ADMIN_PASSWORD: ADMIN_PASSWORD, ...apiEnv } },
  });
  beforeAll(async () => { await platform.start(); }, 60000);
  afterAll(async () => { await platform.stop(); });
  return platform;
}

/** The body of POST /v3/auth/tokens for a password, scoped to a project by name (or unscoped). */
export function passwordAuth(user: string, password: string, project?: string | { id: string }): Json {
  const scope = project === undefined ? {} : { scope: { project: typeof project === 'string' ? { name: project, domain: { name: 'Default' } } : project } };
  return { auth: { identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } }, ...scope } };
}

/**
 * HTTP against a gateway with tokens, the way a Keystone/Neutron client talks to it: `token(...)`
 * logs in, `call(...)` sends X-Auth-Token.
 */
export class IdentityClient {
  constructor(private readonly baseUrl: () => string) {}

  async call(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const h: Record<string, string> = { ...headers };
    if (token) h['x-auth-token'] = token;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl()}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: Json = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** Logs in; fails the test unless Keystone's 201 with X-Subject-Token comes back. */
  async token(user: string, password: string, project?: string | { id: string }): Promise<string> {
    const res = await this.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth(user, password, project));
    expectStatus(res, 201);
    return res.headers.get('x-subject-token')!;
  }

  async create(token: string, collection: 'projects' | 'users' | 'roles', attributes: Record<string, unknown>): Promise<Json> {
    const member = collection.slice(0, -1);
    const res = await this.call('POST', `/identity/v3/${collection}`, token, { [member]: attributes });
    expectStatus(res, 201);
    return res.body[member];
  }

  async roleId(token: string, name: string): Promise<string> {
    const res = await this.call('GET', `/identity/v3/roles?name=${name}`, token);
    expectStatus(res, 200);
    return res.body.roles[0].id;
  }

  async grant(token: string, projectId: string, userId: string, role: string): Promise<void> {
    expectStatus(await this.call('PUT', `/identity/v3/projects/${projectId}/users/${userId}/roles/${await this.roleId(token, role)}`, token), 204);
  }
}

/** Keystone's error body: `{"error": {"code", "message", "title"}}`. */
export function expectKeystoneError(res: ApiResponse, status: number, title: string): void {
  expectStatus(res, status);
  if (res.body?.error?.code !== status || res.body.error.title !== title || typeof res.body.error.message !== 'string' || Object.keys(res.body).length !== 1) {
    throw new Error(`expected Keystone's error body (${status} ${title}), got ${JSON.stringify(res.body)}`);
  }
}

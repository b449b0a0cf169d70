import { afterAll, beforeAll, expect } from '@jest/globals';
import { join } from 'node:path';
import { TestPlatform, type PlatformOptions } from '@muon/embedded';

/** Who makes a request, as the noauth headers state it. */
export interface Caller {
  project: string;
  roles: string;
}

export const PROJECT_A: Caller = { project: 'project-a', roles: 'member' };
export const PROJECT_B: Caller = { project: 'project-b', roles: 'member' };
export const ADMIN: Caller = { project: 'admin-project', roles: 'admin' };

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are whatever the API answered */
export type Json = any;

export interface ApiResponse {
  status: number;
  body: Json;
  headers: Headers;
}

/** A whole Muon for one test file (own database, NATS and service processes). */
export function newPlatform(options: Omit<PlatformOptions, 'repoRoot' | 'postgresUrl'> = {}): TestPlatform {
  return new TestPlatform({ repoRoot: join(import.meta.dirname, '..', '..', '..', '..'), postgresUrl: process.env.TEST_DATABASE_URL!, ...options });
}

/** One platform for the calling test file: started before its tests, stopped after them. */
export function platformForThisFile(): TestPlatform {
  const platform = newPlatform();
  beforeAll(async () => { await platform.start(); }, 60000);
  afterAll(async () => { await platform.stop(); });
  return platform;
}

/**
 * A small Neutron client over the platform's noauth gateway, so tests read like what a user does:
 * `api.create('networks', {...})`, `api.list('ports', {network_id})`. Bodies are parsed; a raw string
 * body is sent as is (malformed JSON tests).
 */
export class NeutronClient {
  constructor(private readonly platform: TestPlatform, readonly caller: Caller = PROJECT_A) {}

  as(caller: Caller): NeutronClient {
    return new NeutronClient(this.platform, caller);
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const res = await this.platform.request(method, path, body, { project: this.caller.project, roles: this.caller.roles, headers });
    const text = await res.text();
    let parsed: Json = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** POST one resource and return it; fails the test unless the answer is 201. */
  async create(collection: string, attributes: Record<string, unknown>): Promise<Json> {
    const member = memberOf(collection);
    const res = await this.call('POST', `/v2.0/${collection}`, { [member]: attributes });
    expectStatus(res, 201);
    return res.body[member];
  }

  async show(collection: string, id: string, query = ''): Promise<Json> {
    const res = await this.call('GET', `/v2.0/${collection}/${id}${query ? `?${query}` : ''}`);
    expectStatus(res, 200);
    return res.body[memberOf(collection)];
  }

  async update(collection: string, id: string, changes: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Json> {
    const member = memberOf(collection);
    const res = await this.call('PUT', `/v2.0/${collection}/${id}`, { [member]: changes }, headers);
    expectStatus(res, 200);
    return res.body[member];
  }

  async remove(collection: string, id: string): Promise<void> {
    expectStatus(await this.call('DELETE', `/v2.0/${collection}/${id}`), 204);
  }

  /** GET a collection with a query (values may repeat); returns the items. */
  async list(collection: string, query: Record<string, string | number | boolean | (string | number | boolean)[]> | string = {}): Promise<Json[]> {
    const res = await this.call('GET', `/v2.0/${collection}${queryString(query)}`);
    expectStatus(res, 200);
    return res.body[listKeyOf(collection)];
  }

  /** A network with one IPv4 subnet, the usual starting point of a port test. */
  async networkWithSubnet(cidr: string, subnet: Record<string, unknown> = {}, network: Record<string, unknown> = {}): Promise<{ network: Json; subnet: Json }> {
    const net = await this.create('networks', { name: `net-${cidr}`, ...network });
    const sub = await this.create('subnets', { network_id: net.id, cidr, ip_version: cidr.includes(':') ? 6 : 4, ...subnet });
    return { network: net, subnet: sub };
  }
}

export function queryString(query: Record<string, string | number | boolean | (string | number | boolean)[]> | string): string {
  if (typeof query === 'string') return query ? `?${query}` : '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const MEMBERS: Record<string, string> = { networks: 'network', subnets: 'subnet', subnetpools: 'subnetpool', ports: 'port', 'rbac-policies': 'rbac_policy' };
export const memberOf = (collection: string): string => MEMBERS[collection] ?? collection.replace(/s$/, '');
/** The JSON key of a list: the URL's collection, except where Neutron's URL uses hyphens (rbac-policies → rbac_policies). */
export const listKeyOf = (collection: string): string => collection.replace(/-/g, '_');

/** Fails with the response body in the message, which says far more than two numbers. */
export function expectStatus(res: ApiResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

/** A Neutron error: the status, `{"NeutronError": {"type", "message", "detail"}}` and nothing else. */
export function expectNeutronError(res: ApiResponse, status: number, type: string, message?: RegExp | string): void {
  expectStatus(res, status);
  expect(Object.keys(res.body)).toEqual(['NeutronError']);
  expect(Object.keys(res.body.NeutronError).sort()).toEqual(['detail', 'message', 'type']);
  expect(res.body.NeutronError.type).toBe(type);
  expect(typeof res.body.NeutronError.message).toBe('string');
  if (message !== undefined) {
    if (typeof message === 'string') expect(res.body.NeutronError.message).toBe(message);
    else expect(res.body.NeutronError.message).toMatch(message);
  }
}

export const ids = (items: Json[]): string[] => items.map((i) => i.id);

/** Neutron's timestamp format: ISO 8601 UTC with whole seconds. */
export const NEUTRON_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

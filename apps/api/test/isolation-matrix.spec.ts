import { beforeAll, describe, expect, it } from '@jest/globals';
import { attributeRuleName, ipamNotFound, ipamResources, L3Errors, l3Resources, mayAttempt, resourcePath, type ResourceSpec } from '@muon/contracts';
import { ADMIN, NeutronClient, PROJECT_A, PROJECT_B, expectNeutronError, ids, platformForThisFile, type ApiResponse, type Json } from './support/neutron-client.js';

/**
 * Every endpoint and verb of every resource the API serves, generated from the resource specs:
 * project B acting on project A's resources gets what a missing resource gets (404), a reader of
 * project A may read but not write (403), and neither changes a byte of A's resources.
 */
const platform = platformForThisFile();
const a = new NeutronClient(platform, PROJECT_A);
const b = a.as(PROJECT_B);
const readerOfA = a.as({ project: 'project-a', roles: 'reader' });
const admin = a.as(ADMIN);

const served = [...ipamResources, ...l3Resources];
const creatable = served.filter((spec) => spec.creatable !== false);
const notCreatable = served.filter((spec) => spec.creatable === false);

/** What a missing resource of the spec answers. */
const notFoundType = (spec: ResourceSpec): string =>
  ({ router: L3Errors.routerNotFound('x').type, floatingip: L3Errors.floatingipNotFound('x').type })[spec.member] ?? ipamNotFound(spec.member, 'x').type;

/**
 * A valid create body per resource, given A's resources made before it (in `served` order). A
 * new resource fails the first test until it has one here, so it cannot escape the matrix.
 */
const CREATE_BODIES: Record<string, (own: Record<string, Json>) => Record<string, unknown>> = {
  networks: () => ({ name: 'a-net' }),
  subnets: (own) => ({ network_id: own.networks.id, cidr: '10.91.0.0/24', ip_version: 4 }),
  subnetpools: () => ({ name: 'a-pool', prefixes: ['10.90.0.0/16'] }),
  ports: (own) => ({ network_id: own.networks.id, name: 'a-port' }),
  // Shared with a project that takes no part here, so B still sees nothing of A's.
  'rbac-policies': (own) => ({ object_type: 'network', object_id: own.networks.id, action: 'access_as_shared', target_tenant: 'project-x' }),
  routers: () => ({ name: 'a-router' }),
  floatingips: (own) => ({ floating_network_id: own.external.id }),
};

/** Creates that name one of A's resources, from B: 404 for the referenced resource. */
const REFERENCING_CREATES: { path: string; body: (own: Record<string, Json>) => Record<string, unknown>; notFound: string }[] = [
  { path: 'subnets', body: (own) => ({ network_id: own.networks.id, cidr: '10.92.0.0/24', ip_version: 4 }), notFound: 'NetworkNotFound' },
  { path: 'ports', body: (own) => ({ network_id: own.networks.id }), notFound: 'NetworkNotFound' },
  { path: 'rbac-policies', body: (own) => ({ object_type: 'network', object_id: own.networks.id, action: 'access_as_shared', target_tenant: 'project-b' }), notFound: 'NetworkNotFound' },
  { path: 'subnets', body: (own) => ({ network_id: own.bNetwork.id, subnetpool_id: own.subnetpools.id, prefixlen: 28, ip_version: 4 }), notFound: 'SubnetPoolNotFound' },
  { path: 'floatingips', body: (own) => ({ floating_network_id: own.external.id, port_id: own.ports.id }), notFound: 'PortNotFound' },
];

const aMember = { isAdmin: false, roles: ['member'], projectId: 'project-a' };

/** One attribute a member may set to 'stolen' by the policy table, found in the spec: what a PUT tries. */
function putBody(spec: ResourceSpec): Record<string, unknown> {
  const mayChange = (name: string) => {
    const action = attributeRuleName('update', spec, name);
    return !action || mayAttempt(action, aMember, { target_tenant: 'stolen' });
  };
  const [name] = Object.entries(spec.attributes).find(([name, attr]) => attr.allowPut && mayChange(name) && attr.schema.safeParse('stolen').success)!;
  return { [spec.member]: { [name]: 'stolen' } };
}

/** Every request on one existing resource, by verb and path. */
function memberRequests(spec: ResourceSpec, id: string): { method: string; path: string; body?: unknown; action: string }[] {
  const base = `/v2.0/${resourcePath(spec)}/${id}`;
  const requests = [
    { method: 'GET', path: base, action: `get_${spec.member}` },
    { method: 'PUT', path: base, body: putBody(spec), action: `update_${spec.member}` },
    { method: 'DELETE', path: base, action: `delete_${spec.member}` },
  ];
  if (spec.member === 'router') {
    for (const action of ['add_router_interface', 'remove_router_interface']) {
      requests.push({ method: 'PUT', path: `${base}/${action}`, body: { subnet_id: own.subnets.id }, action });
    }
  }
  if (!spec.taggable) return requests;
  const tags = `update_${spec.collection}_tags`;
  return [
    ...requests,
    { method: 'GET', path: `${base}/tags`, action: 'get' },
    { method: 'GET', path: `${base}/tags/red`, action: 'get' },
    { method: 'PUT', path: `${base}/tags`, body: { tags: ['stolen'] }, action: tags },
    { method: 'PUT', path: `${base}/tags/stolen`, action: tags },
    { method: 'DELETE', path: `${base}/tags`, action: tags },
    { method: 'DELETE', path: `${base}/tags/red`, action: tags },
  ];
}

const own: Record<string, Json> = {};

/** Everything of project A, as the admin sees it, byte for byte. */
async function snapshotOfA(): Promise<string[]> {
  const texts: string[] = [];
  for (const spec of creatable) {
    texts.push(await rawText(admin.call('GET', `/v2.0/${resourcePath(spec)}?project_id=project-a`)));
    texts.push(await rawText(admin.call('GET', `/v2.0/${resourcePath(spec)}/${own[resourcePath(spec)].id}`)));
  }
  texts.push(await rawText(admin.call('GET', '/v2.0/quotas/project-a')));
  return texts;
}
const rawText = async (res: Promise<ApiResponse>) => JSON.stringify((await res).body);

beforeAll(async () => {
  // An admin's external network, for A's floating IP.
  own.external = await admin.create('networks', { name: 'ext', 'router:external': true });
  await admin.create('subnets', { network_id: own.external.id, cidr: '203.0.113.0/28', ip_version: 4 });
  for (const spec of creatable) {
    const path = resourcePath(spec);
    if (!CREATE_BODIES[path]) continue;
    own[path] = await a.create(path, CREATE_BODIES[path]!(own));
    if (spec.taggable) await a.call('PUT', `/v2.0/${path}/${own[path].id}/tags/red`);
  }
  await admin.update('quotas', 'project-a', { network: 50 });
  own.bNetwork = await b.create('networks', { name: 'b-net' });
});

it('covers every resource the API serves', () => {
  expect(Object.keys(CREATE_BODIES).sort()).toEqual(creatable.map(resourcePath).sort());
});

describe('project B on project A\'s resources', () => {
  let before: string[];
  beforeAll(async () => { before = await snapshotOfA(); });

  for (const spec of creatable) {
    const path = resourcePath(spec);
    it(`${path}: every verb on A's resource is 404 ${notFoundType(spec)}, and lists never show it`, async () => {
      const notFound = notFoundType(spec);
      for (const request of memberRequests(spec, own[path].id)) {
        const res = await b.call(request.method, request.path, request.body);
        try {
          expectNeutronError(res, 404, notFound);
        } catch (e) {
          throw new Error(`${request.method} ${request.path}: ${(e as Error).message}`);
        }
      }
      expect(ids(await b.list(path))).not.toContain(own[path].id);
      expect(await b.list(path, { id: own[path].id })).toEqual([]);
    });
  }

  it('creates that name A\'s resources are 404 for the resource named', async () => {
    for (const create of REFERENCING_CREATES) {
      const res = await b.call('POST', `/v2.0/${create.path}`, { [memberOfPath(create.path)]: create.body(own) });
      expectNeutronError(res, 404, create.notFound);
    }
  });

  it('quotas of A are 403 for B, as Neutron\'s policy answers them', async () => {
    for (const [method, path] of [['GET', '/v2.0/quotas/project-a'], ['GET', '/v2.0/quotas/project-a/details'], ['GET', '/v2.0/quotas/project-a/default'],
      ['PUT', '/v2.0/quotas/project-a'], ['DELETE', '/v2.0/quotas/project-a'], ['GET', '/v2.0/quotas']] as const) {
      expectNeutronError(await b.call(method, path, method === 'PUT' ? { quota: { network: 1 } } : undefined), 403, 'PolicyNotAuthorized');
    }
  });

  it('resources nobody creates through the API answer B as for anyone: 405 to POST', async () => {
    for (const spec of notCreatable) expectNeutronError(await b.call('POST', `/v2.0/${resourcePath(spec)}`, { [spec.member]: {} }), 405, 'HTTPMethodNotAllowed');
  });

  it('change nothing of A\'s: every resource and the quota are byte-identical afterwards', async () => {
    expect(await snapshotOfA()).toEqual(before);
  });
});

describe('a reader of project A', () => {
  let before: string[];
  beforeAll(async () => { before = await snapshotOfA(); });

  for (const spec of creatable) {
    const path = resourcePath(spec);
    it(`${path}: reads A's resource but every write is 403 PolicyNotAuthorized`, async () => {
      expect(ids(await readerOfA.list(path))).toContain(own[path].id);
      expect((await readerOfA.show(path, own[path].id)).id).toBe(own[path].id);
      const create = await readerOfA.call('POST', `/v2.0/${path}`, { [spec.member]: CREATE_BODIES[path]!(own) });
      expectNeutronError(create, 403, 'PolicyNotAuthorized', `(rule:create_${spec.member}) is disallowed by policy`);
      for (const request of memberRequests(spec, own[path].id)) {
        const res = await readerOfA.call(request.method, request.path, request.body);
        if (request.method === 'GET') {
          expect(res.status).toBeLessThan(300);
        } else {
          expectNeutronError(res, 403, 'PolicyNotAuthorized', `(rule:${request.action}) is disallowed by policy`);
        }
      }
    });
  }

  it('may read its project\'s quota but not change it', async () => {
    expect((await readerOfA.call('GET', '/v2.0/quotas/project-a')).status).toBe(200);
    expectNeutronError(await readerOfA.call('PUT', '/v2.0/quotas/project-a', { quota: { network: 1 } }), 403, 'PolicyNotAuthorized');
  });

  it('changes nothing: every resource and the quota are byte-identical afterwards', async () => {
    expect(await snapshotOfA()).toEqual(before);
  });
});

function memberOfPath(path: string): string {
  return served.find((spec) => resourcePath(spec) === path)!.member;
}

import { z } from 'zod';
import { resourcePath, type ResourceSpec } from '@muon/contracts';

/** OpenAPI 3.1 generated from the same attribute maps that validate requests. */
export function buildOpenApi(specs: ResourceSpec[]) {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const error = { $ref: '#/components/schemas/NeutronError' };
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
  for (const spec of specs) {
    const name = spec.member.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
    schemas[name] = objectSchema(spec, () => true);
    schemas[`${name}Create`] = objectSchema(spec, (a) => a.allowPost);
    schemas[`${name}Update`] = objectSchema(spec, (a) => a.allowPut);
    const wrap = (ref: string, key: string) => ({ type: 'object', properties: { [key]: { $ref: `#/components/schemas/${ref}` } }, required: [key] });
    const list = { type: 'object', properties: { [spec.collection]: { type: 'array', items: { $ref: `#/components/schemas/${name}` } } } };
    paths[`/v2.0/${resourcePath(spec)}`] = {
      get: { operationId: `list${name}s`, tags: [spec.collection], responses: { 200: { description: 'OK', content: { 'application/json': { schema: list } } }, 400: errorResponse('Bad filter, sort or page parameters') } },
      post: {
        operationId: `create${name}`, tags: [spec.collection],
        requestBody: { content: { 'application/json': { schema: wrap(`${name}Create`, spec.member) } } },
        responses: { 201: { description: 'Created', content: { 'application/json': { schema: wrap(name, spec.member) } } }, 400: errorResponse('Invalid input'), 409: errorResponse('Conflict') },
      },
    };
    paths[`/v2.0/${resourcePath(spec)}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: `show${name}`, tags: [spec.collection], responses: { 200: { description: 'OK', content: { 'application/json': { schema: wrap(name, spec.member) } } }, 404: errorResponse('Not found') } },
      put: {
        operationId: `update${name}`, tags: [spec.collection],
        requestBody: { content: { 'application/json': { schema: wrap(`${name}Update`, spec.member) } } },
        responses: { 200: { description: 'OK', content: { 'application/json': { schema: wrap(name, spec.member) } } }, 404: errorResponse('Not found'), 412: errorResponse('Revision mismatch') },
      },
      delete: { operationId: `delete${name}`, tags: [spec.collection], responses: { 204: { description: 'Deleted' }, 404: errorResponse('Not found'), 409: errorResponse('In use') } },
    };
  }
  schemas.NeutronError = {
    type: 'object',
    properties: { NeutronError: { type: 'object', properties: { type: { type: 'string' }, message: { type: 'string' }, detail: { type: 'string' } }, required: ['type', 'message', 'detail'] } },
  };
  return { openapi: '3.1.0', info: { title: 'Muon — OpenStack Networking API v2.0', version: '2.0' }, paths, components: { schemas } };
}

function objectSchema(spec: ResourceSpec, include: (a: ResourceSpec['attributes'][string]) => boolean) {
  const properties: Record<string, unknown> = {};
  for (const [attr, a] of Object.entries(spec.attributes)) {
    if (!include(a)) continue;
    let json: unknown;
    try {
      json = z.toJSONSchema(a.schema, { io: 'input', unrepresentable: 'any' });
    } catch {
      json = {};
    }
    properties[attr] = { ...(json as object), ...(a.description ? { description: a.description } : {}) };
  }
  return { type: 'object', properties, additionalProperties: false };
}

import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  commandSubject, Errors, hiddenAttributes, parseResourceBody, querySubject,
  type CommandRequest, type ServiceName, type QueryRequest, type RequestContext, type ResourceSpec,
} from '@muon/contracts';
import { RpcClient } from '@muon/messaging';
import { ListBodyWriter, parseListQuery, renderPageLinks, type ListBodySink, type ListSummary } from '@muon/readmodel';
import { RPC_CLIENT } from '@muon/service-kit';
import { visibilityFor } from './visibility.js';
import { assertMayWrite } from './write-policy.js';

/**
 * The generic Neutron resource path: validate, scope, and route to the owning service over NATS.
 * One implementation for every resource (STYLE.md §3); resources differ only by their spec.
 */
@Injectable()
export class NeutronGateway {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  async create(spec: ResourceSpec, body: unknown, ctx: RequestContext, idempotencyKey?: string): Promise<unknown> {
    if (spec.creatable === false) throw Errors.methodNotAllowed();
    const { items, bulk } = parseResourceBody(spec, body, 'POST', ctx);
    const identity = this.commandIdentity(ctx, `POST /${spec.collection}${bulk ? ' bulk' : ''}`, idempotencyKey, items);
    if (bulk) {
      const created = await this.command<unknown[]>(spec, 'create_bulk', { ...identity, context: ctx, body: items });
      return { [spec.collection]: created };
    }
    return { [spec.member]: await this.command(spec, 'create', { ...identity, context: ctx, body: items[0] }) };
  }

  async update(spec: ResourceSpec, id: string, body: unknown, ctx: RequestContext, ifMatch?: string, idempotencyKey?: string): Promise<unknown> {
    const { items } = parseResourceBody(spec, body, 'PUT', ctx);
    const identity = this.commandIdentity(ctx, `PUT /${spec.collection}/${id}`, idempotencyKey, items[0]);
    const updated = await this.command(spec, 'update', { ...identity, context: ctx, id, body: items[0], ifRevision: parseIfMatch(ifMatch) });
    return { [spec.member]: updated };
  }

  async remove(spec: ResourceSpec, id: string, ctx: RequestContext, ifMatch?: string, idempotencyKey?: string): Promise<void> {
    const identity = this.commandIdentity(ctx, `DELETE /${spec.collection}/${id}`, idempotencyKey, null);
    await this.command(spec, 'delete', { ...identity, context: ctx, id, ifRevision: parseIfMatch(ifMatch) });
  }

  /** Tag sub-resource: replace all, add one, remove one, remove all. */
  async setTags(spec: ResourceSpec, id: string, ctx: RequestContext, change: { set?: string[]; add?: string; remove?: string; clear?: boolean }): Promise<string[]> {
    if (!spec.taggable) throw Errors.resourceNotFound(`/v2.0/${spec.collection}/${id}/tags`);
    const identity = this.commandIdentity(ctx, `TAGS /${spec.collection}/${id}`, undefined, change);
    return this.command<string[]>(spec, 'tags', { ...identity, context: ctx, id, body: change });
  }

  /** A member action (`PUT /routers/{id}/add_router_interface`): the body goes to the owner as it came. */
  async action(spec: ResourceSpec, id: string, verb: string, body: unknown, ctx: RequestContext, idempotencyKey?: string): Promise<unknown> {
    const identity = this.commandIdentity(ctx, `PUT /${spec.collection}/${id}/${verb}`, idempotencyKey, body);
    return this.command(spec, verb, { ...identity, context: ctx, id, body });
  }

  /** A read that is not a list or show of the resource itself (`GET /routers/{id}/l3-agents`). */
  query<T>(service: ServiceName, member: string, verb: string, id: string, ctx: RequestContext): Promise<T> {
    return this.rpc.request<T>(querySubject(service, member, verb), { context: ctx, id } satisfies QueryRequest);
  }

  /** Show: the owner renders the JSON text; the gateway wraps it without parsing. */
  async show(spec: ResourceSpec, id: string, ctx: RequestContext, rawQuery: Record<string, string | string[]>): Promise<string> {
    // fields= means on a show what it means on a list: unknown and hidden names are left out.
    const fields = rawQuery.fields === undefined ? undefined : parseListQuery(spec, { fields: rawQuery.fields }, { hiddenAttributes: hiddenAttributes(spec, ctx) }).fields;
    const request: QueryRequest = { context: ctx, id, visibility: visibilityFor(spec, ctx), query: { filters: {}, sort: [], fields } };
    const doc = await this.rpc.requestText(querySubject(spec.service, spec.member, 'get'), request);
    return `{"${spec.member}":${doc}}`;
  }

  /**
   * List: the owner streams the items as parts, which go to `body` as they arrive, bytes untouched;
   * its summary comes last and gives the links. The body starts with the first part, so an error
   * before it (a bad query, an unknown marker) is thrown here as an error response would need.
   */
  async list(spec: ResourceSpec, rawQuery: Record<string, string | string[]>, ctx: RequestContext, pathUrl: string, body: ListBodySink): Promise<void> {
    const query = parseListQuery(spec, rawQuery, { hiddenAttributes: hiddenAttributes(spec, ctx) });
    const request: QueryRequest = { context: ctx, query, visibility: visibilityFor(spec, ctx) };
    const writer = new ListBodyWriter(spec.collection, body);
    const summary = JSON.parse(await this.rpc.requestParts(querySubject(spec.service, spec.member, 'list'), request, (part) => writer.items(part))) as ListSummary;
    writer.end(renderPageLinks({ baseUrl: pathUrl, collection: spec.collection, query, rawQuery, page: summary }));
  }

  /** Every write of every resource passes here, so the read-only rule is checked once. */
  private command<T = unknown>(spec: ResourceSpec, verb: string, request: CommandRequest): Promise<T> {
    assertMayWrite(spec, request.context, policyAction(spec, verb), verb.startsWith('create'));
    return this.rpc.request<T>(commandSubject(spec.service, spec.member, verb), request);
  }

  /**
   * A client retry carrying the same key (Idempotency-Key or X-Request-Id) and the same request maps
   * to the same command, whose stored result is replayed. The request itself is part of the id, so
   * a key reused for a different request is simply a new command, never someone else's answer.
   */
  private commandIdentity(ctx: RequestContext, operation: string, key: string | undefined, body: unknown): { commandId: string; idempotent: boolean } {
    if (!key) return { commandId: randomUUID(), idempotent: false };
    return { commandId: createHash('sha256').update(JSON.stringify([ctx.projectId, ctx.isAdmin, operation, key, body])).digest('hex'), idempotent: true };
  }

}

/** Neutron's policy rule names: create_network, update_port, update_networks_tags, … */
function policyAction(spec: ResourceSpec, verb: string): string {
  if (verb === 'tags') return `update_${spec.collection}_tags`;
  if (verb.startsWith('add_') || verb.startsWith('remove_')) return verb;
  return `${verb === 'create_bulk' ? 'create' : verb}_${spec.member}`;
}

function parseIfMatch(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const m = /^revision_number=(\d+)$/.exec(header.trim());
  if (!m) throw Errors.badRequest(`If-Match header must be 'revision_number=<integer>'`);
  return Number(m[1]);
}

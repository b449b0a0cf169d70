import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { Errors, IpamErrors } from '@muon/contracts';
import { LOGGER, type Logger } from '@muon/service-kit';
import { AuthContextResolver } from '../auth/auth-context.resolver.js';
import { NeutronGateway } from './neutron-gateway.js';
import { ResourceRegistry } from './resource-registry.js';
import { publicBaseUrl } from './base-url.js';
import { JsonResponseBody } from './json-response-body.js';

type RawQuery = Record<string, string | string[]>;
type Hdrs = Record<string, string | string[] | undefined>;
interface ReplyLike { code(s: number): ReplyLike; header(k: string, v: string): ReplyLike; send(b?: unknown): void }
interface RequestLike { headers: Hdrs; protocol: string; hostname: string; host?: string }

const JSON_TYPE = 'application/json';
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const idempotencyKey = (h: Hdrs) => one(h['idempotency-key']) ?? one(h['x-request-id']);

/** Neutron v2.0 resources: thin HTTP edge over NeutronGateway. */
@Controller('v2.0')
export class NeutronController {
  constructor(
    private readonly gateway: NeutronGateway,
    private readonly registry: ResourceRegistry,
    @Inject(AuthContextResolver) private readonly auth: AuthContextResolver,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @Get(':collection')
  async list(@Param('collection') collection: string, @Query() query: RawQuery, @Req() req: RequestLike, @Res() res: ReplyLike) {
    const ctx = await this.auth.resolve(req.headers);
    const body = new JsonResponseBody(res);
    try {
      await this.gateway.list(this.registry.get(collection), query, ctx, `${publicBaseUrl(req)}/v2.0/${collection}`, body);
    } catch (err) {
      if (!body.started) throw err;
      this.log.error({ err, collection }, 'a list failed after its response had started; the response is cut off');
      body.abort(err instanceof Error ? err : new Error(String(err)));
    }
  }

  @Post(':collection')
  @HttpCode(201)
  async create(@Param('collection') collection: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    return this.gateway.create(this.registry.get(collection), body, ctx, idempotencyKey(h));
  }

  @Get(':collection/:id')
  async show(@Param('collection') collection: string, @Param('id') id: string, @Query() query: RawQuery, @Headers() h: Hdrs, @Res() res: ReplyLike) {
    const ctx = await this.auth.resolve(h);
    const body = await this.gateway.show(this.registry.get(collection), stripJson(id), ctx, query);
    res.code(200).header('content-type', JSON_TYPE).send(body);
  }

  @Put(':collection/:id')
  async update(@Param('collection') collection: string, @Param('id') id: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    return this.gateway.update(this.registry.get(collection), stripJson(id), body, ctx, one(h['if-match']), idempotencyKey(h));
  }

  @Delete(':collection/:id')
  @HttpCode(204)
  async remove(@Param('collection') collection: string, @Param('id') id: string, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    await this.gateway.remove(this.registry.get(collection), stripJson(id), ctx, one(h['if-match']), idempotencyKey(h));
  }

  // Verbs Neutron does not serve on a collection or a member: 405 (an unknown collection stays 404).
  @Put(':collection')
  replaceCollection(@Param('collection') collection: string): never { return this.methodNotAllowed(collection); }

  @Delete(':collection')
  deleteCollection(@Param('collection') collection: string): never { return this.methodNotAllowed(collection); }

  @Patch(':collection')
  patchCollection(@Param('collection') collection: string): never { return this.methodNotAllowed(collection); }

  @Post(':collection/:id')
  postMember(@Param('collection') collection: string): never { return this.methodNotAllowed(collection); }

  @Patch(':collection/:id')
  patchMember(@Param('collection') collection: string): never { return this.methodNotAllowed(collection); }

  private methodNotAllowed(collection: string): never {
    this.registry.get(collection);
    throw Errors.methodNotAllowed();
  }

  // Standard-attr tags: /v2.0/{collection}/{id}/tags[/{tag}]
  @Get(':collection/:id/tags')
  async listTags(@Param('collection') collection: string, @Param('id') id: string, @Headers() h: Hdrs, @Res() res: ReplyLike) {
    const ctx = await this.auth.resolve(h);
    const spec = this.registry.get(collection);
    const doc = JSON.parse(await this.gateway.show(spec, id, ctx, { fields: 'tags' }))[spec.member] as { tags?: string[] };
    res.code(200).header('content-type', JSON_TYPE).send(JSON.stringify({ tags: doc.tags ?? [] }));
  }

  @Get(':collection/:id/tags/:tag')
  @HttpCode(204)
  async checkTag(@Param('collection') collection: string, @Param('id') id: string, @Param('tag') tag: string, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    const spec = this.registry.get(collection);
    const doc = JSON.parse(await this.gateway.show(spec, id, ctx, { fields: 'tags' }))[spec.member] as { tags?: string[] };
    if (!(doc.tags ?? []).includes(tag)) throw IpamErrors.tagNotFound(tag);
  }

  @Put(':collection/:id/tags')
  async replaceTags(@Param('collection') collection: string, @Param('id') id: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    const tags = (body as { tags?: unknown } | null)?.tags;
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw Errors.badRequest("Invalid input for tags. Reason: 'tags' must be a list of strings.");
    return { tags: await this.gateway.setTags(this.registry.get(collection), id, ctx, { set: tags as string[] }) };
  }

  @Put(':collection/:id/tags/:tag')
  @HttpCode(201)
  async addTag(@Param('collection') collection: string, @Param('id') id: string, @Param('tag') tag: string, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    await this.gateway.setTags(this.registry.get(collection), id, ctx, { add: tag });
  }

  @Delete(':collection/:id/tags')
  @HttpCode(204)
  async clearTags(@Param('collection') collection: string, @Param('id') id: string, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    await this.gateway.setTags(this.registry.get(collection), id, ctx, { clear: true });
  }

  @Delete(':collection/:id/tags/:tag')
  @HttpCode(204)
  async removeTag(@Param('collection') collection: string, @Param('id') id: string, @Param('tag') tag: string, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    await this.gateway.setTags(this.registry.get(collection), id, ctx, { remove: tag });
  }
}

const stripJson = (id: string) => id.replace(/\.json$/, '');

import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { commandSubject, Errors, querySubject, type QueryRequest, type QuotaUsage, type RequestContext } from '@muon/contracts';
import { RpcClient } from '@muon/messaging';
import { RPC_CLIENT } from '@muon/service-kit';
import { AuthContextResolver } from '../auth/auth-context.resolver.js';

type Hdrs = Record<string, string | string[] | undefined>;
const stripJson = (s: string) => s.replace(/\.json$/, '');

/**
 * Neutron's quotas extension: `/v2.0/quotas` (admin: projects with their own limits),
 * `/v2.0/quotas/{project}` (show, update, delete → defaults), `/default` and `/details`
 * (used/limit/reserved). IPAM keeps the limits; each owner enforces them on create (l3 for routers
 * and floating IPs) and counts its own usage.
 */
@Controller('v2.0/quotas')
export class QuotasController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient, @Inject(AuthContextResolver) private readonly auth: AuthContextResolver) {}

  @Get()
  async list(@Headers() h: Hdrs) {
    return { quotas: await this.query('list', await this.auth.resolve(h)) };
  }

  @Get(':project')
  async show(@Param('project') project: string, @Headers() h: Hdrs) {
    return { quota: await this.query('get', await this.auth.resolve(h), stripJson(project)) };
  }

  @Get(':project/:view')
  async view(@Param('project') project: string, @Param('view') view: string, @Headers() h: Hdrs) {
    const verb = stripJson(view);
    if (verb !== 'default' && verb !== 'details') throw Errors.resourceNotFound(`/v2.0/quotas/${project}/${view}`);
    const ctx = await this.auth.resolve(h);
    const quota = await this.query(verb, ctx, project) as Record<string, QuotaUsage>;
    if (verb !== 'details') return { quota };
    // ipam counts what it owns; routers and floating IPs are counted by their owner, l3.
    const l3 = await this.rpc.request<Record<string, number>>(querySubject('l3', 'usage', 'get'), { context: ctx, id: project } satisfies QueryRequest);
    for (const [resource, used] of Object.entries(l3)) if (quota[resource]) quota[resource] = { ...quota[resource]!, used };
    return { quota };
  }

  @Put(':project')
  async update(@Param('project') project: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    const quota = (body as { quota?: unknown } | null)?.quota;
    if (!quota || typeof quota !== 'object' || Array.isArray(quota)) throw Errors.badRequest("Resource body required: {\"quota\": {…}}");
    return { quota: await this.rpc.request(commandSubject('ipam', 'quota', 'update'), { commandId: randomUUID(), context: ctx, id: stripJson(project), body: quota }) };
  }

  @Delete(':project')
  @HttpCode(204)
  async remove(@Param('project') project: string, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    await this.rpc.request(commandSubject('ipam', 'quota', 'delete'), { commandId: randomUUID(), context: ctx, id: stripJson(project) });
  }

  private query(verb: string, context: RequestContext, id?: string): Promise<unknown> {
    return this.rpc.request(querySubject('ipam', 'quota', verb), { context, id } satisfies QueryRequest);
  }
}

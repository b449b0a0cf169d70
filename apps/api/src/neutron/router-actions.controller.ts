import { Body, Controller, Get, Headers, Inject, Param, Put } from '@nestjs/common';
import { assertStorableJson, routerResource } from '@muon/contracts';
import { AuthContextResolver } from '../auth/auth-context.resolver.js';
import { NeutronGateway } from './neutron-gateway.js';

type Hdrs = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const idempotencyKey = (h: Hdrs) => one(h['idempotency-key']) ?? one(h['x-request-id']);

/**
 * Neutron's router member actions and the L3 agent scheduler views. Static path segments, so
 * they are matched before the generic `/:collection/:id/…` routes of NeutronController.
 */
@Controller('v2.0')
export class RouterActionsController {
  constructor(private readonly gateway: NeutronGateway, @Inject(AuthContextResolver) private readonly auth: AuthContextResolver) {}

  @Put('routers/:id/add_router_interface')
  async addInterface(@Param('id') id: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    // The body goes to l3 as it came: nothing too deep to serialise, nothing PostgreSQL can't store.
    assertStorableJson(body);
    return this.gateway.action(routerResource, id, 'add_router_interface', body, ctx, idempotencyKey(h));
  }

  @Put('routers/:id/remove_router_interface')
  async removeInterface(@Param('id') id: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const ctx = await this.auth.resolve(h);
    assertStorableJson(body);
    return this.gateway.action(routerResource, id, 'remove_router_interface', body, ctx, idempotencyKey(h));
  }

  @Get('routers/:id/l3-agents')
  async l3Agents(@Param('id') id: string, @Headers() h: Hdrs) {
    return this.gateway.query('l3', 'router', 'l3_agents', id, await this.auth.resolve(h));
  }

  @Get('agents/:id/l3-routers')
  async l3Routers(@Param('id') id: string, @Headers() h: Hdrs) {
    return this.gateway.query('l3', 'agent', 'l3_routers', id, await this.auth.resolve(h));
  }
}

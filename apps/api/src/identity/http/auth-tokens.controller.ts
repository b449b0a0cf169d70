import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CONFIG, type MuonConfig } from '@muon/service-kit';
import { publicBaseUrl } from '../../neutron/base-url.js';
import { buildCatalog } from '../catalog.js';
import { parseAuthRequest } from '../tokens/auth-request.js';
import { renderTokenBody } from '../tokens/token-body.js';
import type { TokenClaims } from '../tokens/token-claims.js';
import { TokenService } from '../tokens/token-service.js';
import { callerOf, firstHeader, hasRole, type Hdrs } from './identity-caller.js';
import { KeystoneErrors } from './keystone-error.js';
import { KeystoneErrorFilter } from './keystone-error.filter.js';

interface RequestLike { headers: Hdrs; protocol: string; hostname: string; host?: string }
interface ReplyLike { code(s: number): ReplyLike; header(k: string, v: string): ReplyLike; send(b: unknown): void }

/** Keystone's token API: issue (POST), validate (GET, and HEAD by Fastify's HEAD-for-GET), revoke (DELETE). */
@Controller('identity/v3/auth')
@UseFilters(KeystoneErrorFilter)
export class AuthTokensController {
  constructor(private readonly tokens: TokenService, @Inject(CONFIG) private readonly config: MuonConfig) {}

  @Post('tokens')
  async issue(@Body() body: unknown, @Query('nocatalog') nocatalog: string | undefined, @Req() req: RequestLike, @Res() res: ReplyLike): Promise<void> {
    const issued = await this.tokens.issue(parseAuthRequest(body));
    const rendered = renderTokenBody({ ...issued, catalog: this.catalogUnless(nocatalog, req) });
    res.code(201).header('x-subject-token', issued.token).header('content-type', 'application/json').send(JSON.stringify(rendered));
  }

  @Get('tokens')
  async validate(@Headers() headers: Hdrs, @Query('nocatalog') nocatalog: string | undefined, @Req() req: RequestLike, @Res() res: ReplyLike): Promise<void> {
    const { token, claims } = await this.subjectOf(headers, 'validate_token');
    const described = await this.tokens.describe(claims);
    if (!described) throw KeystoneErrors.notFound('token', token);
    const rendered = renderTokenBody({ claims, ...described, catalog: this.catalogUnless(nocatalog, req) });
    res.code(200).header('x-subject-token', token).header('content-type', 'application/json').send(JSON.stringify(rendered));
  }

  @Delete('tokens')
  @HttpCode(204)
  async revoke(@Headers() headers: Hdrs): Promise<void> {
    const { claims } = await this.subjectOf(headers, 'revoke_token');
    await this.tokens.revoke(claims);
  }

  /**
   * The token in X-Subject-Token, which the caller may see if it is an admin or a service (the way
   * keystonemiddleware validates users' tokens), or the token's own user.
   */
  private async subjectOf(headers: Hdrs, action: string): Promise<{ token: string; claims: TokenClaims }> {
    const caller = await callerOf(this.tokens, headers);
    const token = firstHeader(headers, 'x-subject-token');
    if (!token) throw KeystoneErrors.validation('X-Subject-Token header is required');
    const claims = await this.tokens.validate(token);
    if (!claims) throw KeystoneErrors.notFound('token', token);
    if (claims.userId !== caller.userId && !hasRole(caller, 'admin') && !hasRole(caller, 'service')) throw KeystoneErrors.forbidden(`identity:${action}`);
    return { token, claims };
  }

  private catalogUnless(nocatalog: string | undefined, req: RequestLike) {
    return nocatalog === undefined ? buildCatalog(publicBaseUrl(req), this.config.MUON_REGION_NAME) : undefined;
  }
}

import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { publicBaseUrl } from '../../neutron/base-url.js';
import { identityV3Version } from './identity-versions.js';
import { KeystoneError } from './keystone-error.js';
import { KeystoneErrorFilter } from './keystone-error.filter.js';

interface RequestLike { headers: Record<string, string | string[] | undefined>; protocol: string; hostname: string; host?: string }
interface ReplyLike { code(s: number): ReplyLike; header(k: string, v: string): ReplyLike; send(b: unknown): void }

/** Identity version discovery, open to anyone like Keystone's: `/identity` (300, as Keystone answers) and `/identity/v3`. */
@Controller('identity')
@UseFilters(KeystoneErrorFilter)
export class IdentityVersionController {
  @Get()
  versions(@Req() req: RequestLike, @Res() res: ReplyLike): void {
    res.code(300).header('content-type', 'application/json').send(JSON.stringify({ versions: { values: [identityV3Version(publicBaseUrl(req))] } }));
  }

  /** `/identity/` reaches Fastify as the parameter route with an empty segment; anything else here is unknown. */
  @Get(':segment')
  versionsWithSlash(@Param('segment') segment: string, @Req() req: RequestLike, @Res() res: ReplyLike): void {
    if (segment !== '') throw new KeystoneError(404, 'The resource could not be found.');
    this.versions(req, res);
  }

  @Get('v3')
  version(@Req() req: RequestLike) {
    return { version: identityV3Version(publicBaseUrl(req)) };
  }
}

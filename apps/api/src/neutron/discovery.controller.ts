import { Controller, Get, Param, Req } from '@nestjs/common';
import { ResourceRegistry } from './resource-registry.js';
import { publicBaseUrl } from './base-url.js';
import { implementedExtensions } from './extensions.js';
import { Errors, resourcePath } from '@muon/contracts';

type Hdrs = Record<string, string | string[] | undefined>;
interface RequestLike { headers: Hdrs; protocol: string; hostname: string; host?: string }

/** Version discovery (`/`, `/v2.0`) and the extension list, which answer without authentication. */
@Controller()
export class DiscoveryController {
  constructor(private readonly registry: ResourceRegistry) {}

  @Get()
  versions(@Req() req: RequestLike) {
    return { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${publicBaseUrl(req)}/v2.0/`, rel: 'self' }] }] };
  }

  @Get('v2.0')
  resources(@Req() req: RequestLike) {
    const base = publicBaseUrl(req);
    return {
      resources: this.registry.all().filter((spec) => !spec.extensionResource).map((spec) => ({
        name: spec.member, collection: spec.collection,
        links: [{ href: `${base}/v2.0/${resourcePath(spec)}`, rel: 'self' }],
      })),
    };
  }

  @Get('v2.0/extensions')
  extensions() {
    return { extensions: implementedExtensions(this.registry.all()) };
  }

  @Get('v2.0/extensions/:alias')
  extension(@Param('alias') alias: string) {
    const ext = implementedExtensions(this.registry.all()).find((e) => e.alias === alias);
    if (!ext) throw Errors.resourceNotFound(`/v2.0/extensions/${alias}`);
    return { extension: ext };
  }
}

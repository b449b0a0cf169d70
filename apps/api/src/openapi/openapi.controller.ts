import { Controller, Get, Inject } from '@nestjs/common';
import { buildAsyncApi } from '@muon/contracts';
import { CONFIG, type MuonConfig } from '@muon/service-kit';
import { ResourceRegistry } from '../neutron/resource-registry.js';
import { buildOpenApi } from './openapi-document.js';

/** The REST contract (/openapi.json) and the event contract (/asyncapi.json), both generated. */
@Controller()
export class OpenApiController {
  private openapiDoc?: unknown;
  private asyncapiDoc?: unknown;
  constructor(private readonly registry: ResourceRegistry, @Inject(CONFIG) private readonly config: MuonConfig) {}

  @Get('openapi.json')
  openapi() {
    this.openapiDoc ??= buildOpenApi(this.registry.all());
    return this.openapiDoc;
  }

  @Get('asyncapi.json')
  asyncapi() {
    this.asyncapiDoc ??= buildAsyncApi(this.config.MUON_EVENT_SUBJECT_ROOT);
    return this.asyncapiDoc;
  }
}

import { Controller, Get } from '@nestjs/common';
import { ResourceRegistry } from '../neutron/resource-registry.js';
import { buildOpenApi } from './openapi-document.js';

@Controller()
export class OpenApiController {
  private document?: unknown;
  constructor(private readonly registry: ResourceRegistry) {}

  @Get('openapi.json')
  openapi() {
    this.document ??= buildOpenApi(this.registry.all());
    return this.document;
  }
}

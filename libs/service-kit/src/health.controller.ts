import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { Metrics } from '@muon/telemetry';
import { METRICS, SERVICE_NAME } from './tokens.js';
import { Readiness } from './readiness.js';

interface ReplyLike { code(status: number): ReplyLike; header(k: string, v: string): ReplyLike; send(body: unknown): void }

@Controller()
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly readiness: Readiness,
  ) {}

  @Get('healthz')
  @HttpCode(200)
  healthz() {
    return { status: 'ok', service: this.service, pid: process.pid };
  }

  @Get('readyz')
  async readyz(@Res() res: ReplyLike) {
    const result = await this.readiness.run();
    res.code(result.ready ? 200 : 503).send({ service: this.service, ...result });
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  async prometheus() {
    return this.metrics.registry.metrics();
  }
}

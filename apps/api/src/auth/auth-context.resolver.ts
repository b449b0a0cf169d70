import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Errors, type RequestContext } from '@muon/contracts';
import { CONFIG, LOGGER, type Logger, type MuonConfig } from '@muon/service-kit';
import { noauthContext } from './noauth-context.js';

type Headers = Record<string, string | string[] | undefined>;

/** Turns request headers into a RequestContext according to MUON_AUTH_MODE. */
@Injectable()
export class AuthContextResolver implements OnModuleInit {
  constructor(@Inject(CONFIG) private readonly config: MuonConfig, @Inject(LOGGER) private readonly log: Logger) {}

  onModuleInit(): void {
    if (this.config.MUON_AUTH_MODE === 'noauth') {
      this.log.warn('AUTH MODE IS noauth: X-Project-Id / X-Roles headers are trusted without verification. Never expose this API.');
    } else {
      throw new Error(`MUON_AUTH_MODE=${this.config.MUON_AUTH_MODE} is not available yet; use noauth`);
    }
  }

  async resolve(headers: Headers): Promise<RequestContext> {
    if (this.config.MUON_AUTH_MODE === 'noauth') return noauthContext(headers);
    throw Errors.notAuthenticated();
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { Errors, type RequestContext } from '@muon/contracts';
import { CONFIG, LOGGER, type Logger, type MuonConfig } from '@muon/service-kit';
import { noauthContext } from './noauth-context.js';
import { contextOfToken, TOKEN_VALIDATOR, type TokenValidator, type ValidatedToken } from './token-validator.js';

type Headers = Record<string, string | string[] | undefined>;
const first = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Turns request headers into a RequestContext according to MUON_AUTH_MODE. */
@Injectable()
export class AuthContextResolver implements OnModuleInit {
  /** A request's token is validated once: by the authentication hook, then read again here by the handler. */
  private readonly validated = new WeakMap<Headers, Promise<ValidatedToken | null>>();

  constructor(
    @Inject(CONFIG) private readonly config: MuonConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Optional() @Inject(TOKEN_VALIDATOR) private readonly validator: TokenValidator | null,
  ) {}

  onModuleInit(): void {
    if (this.config.MUON_AUTH_MODE === 'noauth') {
      this.log.warn('AUTH MODE IS noauth: X-Project-Id / X-Roles headers are trusted without verification. Never expose this API.');
    } else {
      this.log.info({ mode: this.config.MUON_AUTH_MODE }, 'authentication: X-Auth-Token required');
    }
  }

  get mode(): MuonConfig['MUON_AUTH_MODE'] {
    return this.config.MUON_AUTH_MODE;
  }

  /** The Neutron API's caller: a project-scoped token's holder (or noauth's trusted headers). */
  async resolve(headers: Headers): Promise<RequestContext> {
    if (this.config.MUON_AUTH_MODE === 'noauth') return noauthContext(headers);
    const token = await this.token(headers);
    if (!token || token.projectId === null) throw Errors.notAuthenticated();
    return contextOfToken(token, first(headers, 'x-openstack-request-id') ?? `req-${randomUUID()}`);
  }

  /** The X-Auth-Token's holder, or null when there is none or it is not valid. */
  token(headers: Headers): Promise<ValidatedToken | null> {
    let pending = this.validated.get(headers);
    if (!pending) {
      const token = first(headers, 'x-auth-token');
      pending = token && this.validator ? this.validator.validate(token) : Promise.resolve(null);
      this.validated.set(headers, pending);
    }
    return pending;
  }

  /** Where to get a token, for a 401's WWW-Authenticate. */
  authUri(baseUrl: string): string {
    return this.validator?.authUri(baseUrl) ?? baseUrl;
  }
}

import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KeystoneTokenBodySchema } from '@muon/contracts';
import { CONFIG, type MuonConfig } from '@muon/service-kit';
import type { TokenValidator, ValidatedToken } from '../token-validator.js';
import { keystoneAuthUri, keystoneSettings, type KeystoneSettings } from './keystone-settings.js';
import { validatedFromKeystone } from './keystone-token.js';
import { ValidationCache } from './validation-cache.js';

const MAX_CACHED_TOKENS = 10_000;
const KEYSTONE_TIMEOUT_MS = 5000;
/** A service token this close to expiry is renewed before use. */
const SERVICE_TOKEN_MARGIN_MS = 60_000;

/**
 * keystone mode: tokens are validated by an external Keystone (`GET /v3/auth/tokens` with the service's
 * own token), like keystonemiddleware does for neutron-server. Answers, valid or not, are cached for
 * MUON_KEYSTONE_CACHE_SECONDS at most, so a revoked token stops working within that bound and the hot
 * path rarely leaves the process.
 */
@Injectable()
export class KeystoneTokenValidator implements TokenValidator {
  private readonly settings: KeystoneSettings;
  private readonly cache = new ValidationCache<ValidatedToken | null>(MAX_CACHED_TOKENS);
  private readonly inFlight = new Map<string, Promise<ValidatedToken | null>>();
  private serviceToken?: Promise<{ token: string; expiresAt: number }>;

  constructor(@Inject(CONFIG) config: MuonConfig) {
    this.settings = keystoneSettings(config);
  }

  async validate(token: string): Promise<ValidatedToken | null> {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = this.cache.get(key, Date.now());
    if (cached) return cached.value;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.askKeystone(token).then(({ validated, expiresAt }) => {
        this.cache.set(key, validated, Math.min(Date.now() + this.settings.cacheMs, expiresAt));
        return validated;
      }).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  authUri(): string {
    return keystoneAuthUri(this.settings.v3Url);
  }

  private async askKeystone(token: string, renewed = false): Promise<{ validated: ValidatedToken | null; expiresAt: number }> {
    const res = await fetch(`${this.settings.v3Url}/auth/tokens?nocatalog`, {
      headers: { 'x-auth-token': (await this.currentServiceToken()).token, 'x-subject-token': token, accept: 'application/json' },
      signal: AbortSignal.timeout(KEYSTONE_TIMEOUT_MS),
    });
    if (res.status === 401 && !renewed) {
      // Our own token expired or was revoked: get a new one, once.
      this.serviceToken = undefined;
      return this.askKeystone(token, true);
    }
    // Keystone says 404 for a token that is bad, expired or revoked; that answer is cached too.
    if (res.status === 404) return { validated: null, expiresAt: Number.POSITIVE_INFINITY };
    if (!res.ok) throw new Error(`Keystone answered ${res.status} when validating a token`);
    const body = KeystoneTokenBodySchema.parse(await res.json());
    const result = validatedFromKeystone(body.token, Date.now());
    return result ?? { validated: null, expiresAt: Number.POSITIVE_INFINITY };
  }

  private currentServiceToken(): Promise<{ token: string; expiresAt: number }> {
    const renew = () => {
      this.serviceToken = this.issueServiceToken();
      this.serviceToken.catch(() => { this.serviceToken = undefined; });
      return this.serviceToken;
    };
    if (!this.serviceToken) return renew();
    return this.serviceToken.then((t) => (t.expiresAt - Date.now() < SERVICE_TOKEN_MARGIN_MS ? renew() : t));
  }

  private async issueServiceToken(): Promise<{ token: string; expiresAt: number }> {
    const s = this.settings;
    const res = await fetch(`${s.v3Url}/auth/tokens?nocatalog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: s.username, domain: { name: s.userDomainName }, password: s.password } } },
          scope: { project: { name: s.projectName, domain: { name: s.projectDomainName } } },
        },
      }),
      signal: AbortSignal.timeout(KEYSTONE_TIMEOUT_MS),
    });
    const token = res.headers.get('x-subject-token');
    if (res.status !== 201 || !token) throw new Error(`Keystone refused the service user ${s.username}: HTTP ${res.status}`);
    const body = KeystoneTokenBodySchema.parse(await res.json());
    return { token, expiresAt: Date.parse(body.token.expires_at) };
  }
}

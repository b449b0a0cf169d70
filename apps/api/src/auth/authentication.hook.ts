import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Errors, NeutronError } from '@muon/contracts';
import { LOGGER, type Logger } from '@muon/service-kit';
import { KeystoneError, KeystoneErrors } from '../identity/http/keystone-error.js';
import { publicBaseUrl } from '../neutron/base-url.js';
import { AuthContextResolver } from './auth-context.resolver.js';
import { isIdentityPath, isOpenPath, pathOf } from './open-paths.js';

type Hdrs = Record<string, string | string[] | undefined>;
interface RequestLike { method: string; url: string; headers: Hdrs; protocol: string; hostname: string; host?: string }
interface ReplyLike { code(s: number): ReplyLike; header(k: string, v: string): ReplyLike; send(b: unknown): ReplyLike }
interface FastifyHooks { addHook(name: 'onRequest', hook: (req: RequestLike, reply: ReplyLike) => Promise<unknown>): void }

/**
 * In builtin and keystone modes, every request except the open paths needs a valid X-Auth-Token,
 * checked before routing (like keystonemiddleware in front of neutron-server), so an unknown path
 * without a token is 401 too. The Neutron API also needs the token scoped to a project.
 */
@Injectable()
export class AuthenticationHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthContextResolver,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    if (this.auth.mode === 'noauth') return;
    const fastify = this.adapterHost.httpAdapter.getInstance() as FastifyHooks;
    fastify.addHook('onRequest', async (req, reply) => {
      const path = pathOf(req.url);
      if (isOpenPath(req.method, path)) return undefined;
      const identity = isIdentityPath(path);
      let refusal: NeutronError | KeystoneError;
      try {
        const token = await this.auth.token(req.headers);
        if (token && (identity || token.projectId !== null)) return undefined;
        refusal = identity ? KeystoneErrors.unauthorized() : Errors.notAuthenticated();
      } catch (err) {
        this.log.warn({ err }, 'token validation failed');
        refusal = identity ? new KeystoneError(503, 'The identity service is unavailable') : Errors.serviceUnavailable('The identity service is unavailable');
      }
      const base = publicBaseUrl(req);
      return reply.code(refusal.status).header('content-type', 'application/json')
        .header('www-authenticate', `Keystone uri="${this.auth.authUri(base)}"`)
        .send(JSON.stringify(refusal.toBody()));
    });
  }
}

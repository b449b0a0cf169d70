import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { MuonConfig } from '@muon/service-kit';
import { IdentityModule } from '../identity/identity.module.js';
import { AuthContextResolver } from './auth-context.resolver.js';
import { AuthenticationHook } from './authentication.hook.js';
import { KeystoneTokenValidator } from './keystone/keystone-token-validator.js';
import { TOKEN_VALIDATOR } from './token-validator.js';

/**
 * Authentication by MUON_AUTH_MODE: `noauth` trusts headers, `builtin` serves and checks its own
 * identity (/identity), `keystone` asks an external Keystone.
 */
@Module({})
export class AuthModule {
  static forMode(mode: MuonConfig['MUON_AUTH_MODE']): DynamicModule {
    const keystone: Provider[] = mode === 'keystone' ? [KeystoneTokenValidator, { provide: TOKEN_VALIDATOR, useExisting: KeystoneTokenValidator }] : [];
    return {
      module: AuthModule,
      imports: mode === 'builtin' ? [IdentityModule] : [],
      providers: [...keystone, AuthContextResolver, AuthenticationHook],
      exports: [AuthContextResolver],
    };
  }
}

import { Module } from '@nestjs/common';
import { TOKEN_VALIDATOR } from '../auth/token-validator.js';
import { BuiltinTokenValidator } from './builtin-token-validator.js';
import { FirstStart } from './directory/first-start.js';
import { IdentityDirectory } from './directory/identity-directory.js';
import { AuthTokensController } from './http/auth-tokens.controller.js';
import { IdentityAdminController } from './http/identity-admin.controller.js';
import { IdentityVersionController } from './http/identity-version.controller.js';
import { IdentityStore } from './store/identity-store.js';
import { RevocationList } from './tokens/revocation-list.js';
import { TokenService } from './tokens/token-service.js';

/** The built-in, Keystone-compatible identity at /identity (MUON_AUTH_MODE=builtin only). */
@Module({
  controllers: [IdentityVersionController, AuthTokensController, IdentityAdminController],
  providers: [
    IdentityStore, RevocationList, IdentityDirectory, TokenService, FirstStart, BuiltinTokenValidator,
    { provide: TOKEN_VALIDATOR, useExisting: BuiltinTokenValidator },
  ],
  exports: [TOKEN_VALIDATOR],
})
export class IdentityModule {}

import { Injectable } from '@nestjs/common';
import type { TokenValidator, ValidatedToken } from '../auth/token-validator.js';
import { TokenService } from './tokens/token-service.js';

/** builtin mode: a token is checked here, in-process (signature, expiry, revocation list). */
@Injectable()
export class BuiltinTokenValidator implements TokenValidator {
  constructor(private readonly tokens: TokenService) {}

  async validate(token: string): Promise<ValidatedToken | null> {
    const claims = await this.tokens.validate(token);
    return claims && { userId: claims.userId, projectId: claims.projectId, roles: claims.roles.map((r) => r.name) };
  }

  authUri(baseUrl: string): string {
    return `${baseUrl}/identity`;
  }
}

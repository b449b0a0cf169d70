import { Inject, Injectable } from '@nestjs/common';
import type { Role, RoleAssignment } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { CONFIG, type MuonConfig } from '@muon/service-kit';
import { KeystoneErrors } from '../http/keystone-error.js';
import { IdentityStore } from '../store/identity-store.js';
import { RevocationList } from '../tokens/revocation-list.js';
import type { CommandOutcome } from './identity-commands.js';
import type { EntityKind, EntityOf } from './entity-kinds.js';
import { findAssignments, findEntity, findEntityByName, listEntities, passwordHashOf, rolesNamed, rolesOn } from './identity-queries.js';
import { stampRevocation } from './revocation-policy.js';

/**
 * The identity directory as the rest of the gateway sees it: reads from the read models, and
 * `run()` for the write side — one transaction per command, its revocations recorded in it and
 * applied to this replica right after commit.
 */
@Injectable()
export class IdentityDirectory {
  constructor(
    private readonly identity: IdentityStore,
    private readonly revocations: RevocationList,
    @Inject(CONFIG) private readonly config: MuonConfig,
  ) {}

  async run<T>(command: (tx: StoreTransaction) => Promise<CommandOutcome<T>>): Promise<T> {
    const store = await this.identity.open();
    try {
      const { result, revoked } = await store.transact(async (tx) => {
        const outcome = await command(tx);
        const stamped = outcome.revoked.map((r) => stampRevocation(r, Date.now(), this.config.MUON_TOKEN_EXPIRATION_SECONDS * 1000));
        await this.revocations.write(tx, stamped);
        return { result: outcome.result, revoked: stamped };
      });
      this.revocations.remember(revoked);
      return result;
    } catch (err) {
      const pg = err as { code?: string; table?: string };
      // A name taken by a concurrent request between our check and our insert.
      if (pg?.code === '23505') throw KeystoneErrors.conflict(pg.table ?? 'resource', 'Duplicate entry found');
      throw err;
    }
  }

  get<K extends EntityKind>(kind: K, id: string): Promise<EntityOf[K] | null> {
    return this.withStore((q) => findEntity(q, kind, id));
  }

  byName<K extends EntityKind>(kind: K, name: string, domainId?: string): Promise<EntityOf[K] | null> {
    return this.withStore((q) => findEntityByName(q, kind, name, domainId));
  }

  list<K extends EntityKind>(kind: K, filters: Record<string, string>): Promise<EntityOf[K][]> {
    return this.withStore((q) => listEntities(q, kind, filters));
  }

  rolesOn(userId: string, projectId: string): Promise<Role[]> {
    return this.withStore((q) => rolesOn(q, userId, projectId));
  }

  rolesNamed(names: string[]): Promise<Role[]> {
    return this.withStore((q) => rolesNamed(q, names));
  }

  assignments(filter: Partial<RoleAssignment>): Promise<RoleAssignment[]> {
    return this.withStore((q) => findAssignments(q, filter));
  }

  passwordHash(userId: string): Promise<string | null> {
    return this.withStore((q) => passwordHashOf(q, userId));
  }

  private async withStore<T>(read: (q: Awaited<ReturnType<IdentityStore['open']>>) => Promise<T>): Promise<T> {
    return read(await this.identity.open());
  }
}

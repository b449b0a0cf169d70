import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { BUILTIN_ROLES, DEFAULT_DOMAIN, type AppendMeta, type Project, type Role, type User } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { CONFIG, LOGGER, type Logger, type MuonConfig } from '@muon/service-kit';
import { assignRole, createEntity, setPassword, type CommandOutcome } from './identity-commands.js';
import { IdentityDirectory } from './identity-directory.js';
import { findAssignments, findEntityByName, passwordHashOf } from './identity-queries.js';
import { verifyPassword } from './password-hasher.js';

const BOOTSTRAP_META: AppendMeta = { actor: { userId: null, projectId: null }, correlationId: 'identity-first-start' };
export const ADMIN_NAME = 'admin';

/**
 * What `keystone-manage bootstrap` does, at every start and idempotently: the roles admin, member and
 * reader, the project `admin`, the user `admin` with role admin on it. The admin's password is
 * MUON_ADMIN_PASSWORD when set (kept in step if it changed), else generated once and logged.
 * Replicas starting together take turns on an advisory lock.
 */
@Injectable()
export class FirstStart implements OnModuleInit {
  constructor(
    private readonly directory: IdentityDirectory,
    @Inject(CONFIG) private readonly config: MuonConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const generated = await this.directory.run((tx) => this.bootstrap(tx));
    if (generated) {
      this.log.warn({ user: ADMIN_NAME, project: ADMIN_NAME }, `builtin identity: created user admin with the generated password ${generated} (set MUON_ADMIN_PASSWORD to choose it)`);
    }
  }

  /** Returns the admin's password when it was generated here. */
  private async bootstrap(tx: StoreTransaction): Promise<CommandOutcome<string | null>> {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', ['muon.identity.first-start']);
    const roles: Role[] = [];
    for (const name of BUILTIN_ROLES) {
      roles.push((await findEntityByName(tx, 'role', name)) ?? (await createEntity(tx, 'role', { name, options: {} }, BOOTSTRAP_META)).result);
    }
    const project: Project = (await findEntityByName(tx, 'project', ADMIN_NAME, DEFAULT_DOMAIN.id))
      ?? (await createEntity(tx, 'project', { name: ADMIN_NAME, description: 'Bootstrap project for initializing the cloud.', enabled: true, tags: [], options: {} }, BOOTSTRAP_META)).result;
    const wanted = this.config.MUON_ADMIN_PASSWORD;
    let generated: string | null = null;
    let revoked: CommandOutcome<null>['revoked'] = [];
    let user: User | null = await findEntityByName(tx, 'user', ADMIN_NAME, DEFAULT_DOMAIN.id);
    if (!user) {
      if (!wanted) generated = randomBytes(18).toString('base64url');
      user = (await createEntity(tx, 'user', { name: ADMIN_NAME, password: wanted ?? generated, enabled: true, default_project_id: project.id, options: {} }, BOOTSTRAP_META)).result;
    } else if (wanted && !(await verifyPassword(await passwordHashOf(tx, user.id), wanted))) {
      revoked = (await setPassword(tx, user, wanted, BOOTSTRAP_META)).revoked;
    }
    const admin = roles[0]!;
    if ((await findAssignments(tx, { user_id: user.id, project_id: project.id, role_id: admin.id })).length === 0) {
      await assignRole(tx, { user_id: user.id, project_id: project.id, role_id: admin.id }, BOOTSTRAP_META);
    }
    return { result: generated, revoked };
  }
}

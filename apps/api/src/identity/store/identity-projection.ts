import { IdentityEventType, type EventEnvelope, type Project, type Role, type RoleAssignment, type User } from '@muon/contracts';
import type { InlineProjection, StoreTransaction } from '@muon/eventstore';

const upsertNamed = (table: 'projects' | 'users') => (tx: StoreTransaction, doc: Project | User) =>
  tx.query(
    `insert into ${table} (id, domain_id, name, body) values ($1, $2, $3, $4)
     on conflict (id) do update set domain_id = excluded.domain_id, name = excluded.name, body = excluded.body`,
    [doc.id, doc.domain_id, doc.name, JSON.stringify(doc)],
  );
const upsertProject = upsertNamed('projects');
const upsertUser = upsertNamed('users');

/**
 * The identity read models, kept in the append's transaction. Deleting a user, project or role
 * removes its assignments with it, as Keystone does, so no event per removed assignment is needed.
 */
export const identityProjection: InlineProjection = {
  name: 'identity-read-models',
  tables: ['projects', 'users', 'roles', 'role_assignments'],
  async apply(tx: StoreTransaction, event: EventEnvelope): Promise<void> {
    const data = event.data as { project?: Project; user?: User; role?: Role; role_assignment?: RoleAssignment };
    switch (event.type) {
      case IdentityEventType.projectCreated:
      case IdentityEventType.projectUpdated:
        await upsertProject(tx, data.project!);
        return;
      case IdentityEventType.projectDeleted:
        await tx.query('delete from role_assignments where project_id = $1', [data.project!.id]);
        await tx.query('delete from projects where id = $1', [data.project!.id]);
        return;
      case IdentityEventType.userCreated:
      case IdentityEventType.userUpdated:
      case IdentityEventType.userPasswordChanged:
        await upsertUser(tx, data.user!);
        return;
      case IdentityEventType.userDeleted:
        await tx.query('delete from role_assignments where user_id = $1', [data.user!.id]);
        await tx.query('delete from users where id = $1', [data.user!.id]);
        return;
      case IdentityEventType.roleCreated:
      case IdentityEventType.roleUpdated: {
        const role = data.role!;
        await tx.query(
          'insert into roles (id, name, body) values ($1, $2, $3) on conflict (id) do update set name = excluded.name, body = excluded.body',
          [role.id, role.name, JSON.stringify(role)],
        );
        return;
      }
      case IdentityEventType.roleDeleted:
        await tx.query('delete from role_assignments where role_id = $1', [data.role!.id]);
        await tx.query('delete from roles where id = $1', [data.role!.id]);
        return;
      case IdentityEventType.roleAssignmentCreated: {
        const a = data.role_assignment!;
        await tx.query('insert into role_assignments (user_id, project_id, role_id) values ($1, $2, $3) on conflict do nothing', [a.user_id, a.project_id, a.role_id]);
        return;
      }
      case IdentityEventType.roleAssignmentDeleted: {
        const a = data.role_assignment!;
        await tx.query('delete from role_assignments where user_id = $1 and project_id = $2 and role_id = $3', [a.user_id, a.project_id, a.role_id]);
        return;
      }
    }
  },
};

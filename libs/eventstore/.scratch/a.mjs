import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator, Migration } from '@mikro-orm/migrations';
import { CompiledQuery } from 'kysely';
class M1 extends Migration { name = 'scratch_0001'; up() { this.addSql('create table if not exists t1 (id int primary key)'); } }
const orm = await MikroORM.init({ clientUrl: process.env.DB, extensions: [Migrator], entities: [], discovery: { warnWhenNoEntities: false },
  migrations: { migrationsList: [M1], schema: 'scratch1', snapshot: false, tableName: 'migrations' },
  driverOptions: { options: '-c search_path=scratch1' },
  pool: { min: 0, max: 5 }, debug: false });
console.log(await orm.migrator.up());
const conn = orm.em.getConnection();
const r = await conn.transactional(async (trx) => {
  const a = await trx.executeQuery(CompiledQuery.raw('select current_schema() s, pg_current_xact_id() x, $1::jsonb j, $2::bigint b', [{a:1}, 5n]));
  const b = await trx.executeQuery(CompiledQuery.raw('insert into t1 values ($1) on conflict do nothing', [1]));
  return [a.rows, b.numAffectedRows, Object.keys(b)];
});
console.log(r);
await orm.close();

import { eventSubjectsUnder, type EventStoreOptions } from '@muon/eventstore';
import type { MuonConfig } from '@muon/service-kit';
import { ipamMigrations } from '../migrations/index.js';
import { ipamProjection } from '../projection/ipam-projection.js';

/** IPAM's event store: its own schema, its read models, its committed migrations. */
export const ipamStoreOptions = (config: MuonConfig): EventStoreOptions => ({
  clientUrl: config.DATABASE_URL,
  schema: 'ipam',
  projections: [ipamProjection],
  migrations: ipamMigrations,
  poolSize: config.MUON_DB_POOL_SIZE,
  subjectFor: eventSubjectsUnder(config.MUON_EVENT_SUBJECT_ROOT),
});

import { eventSubjectsUnder, type EventStoreOptions } from '@muon/eventstore';
import type { MuonConfig } from '@muon/service-kit';
import { l3Migrations } from '../migrations/index.js';
import { l3Projection } from '../projection/l3-projection.js';

/** L3's event store: its own schema, its read models, its committed migrations. */
export const l3StoreOptions = (config: MuonConfig): EventStoreOptions => ({
  clientUrl: config.DATABASE_URL,
  schema: 'l3',
  projections: [l3Projection],
  migrations: l3Migrations,
  poolSize: config.MUON_DB_POOL_SIZE,
  subjectFor: eventSubjectsUnder(config.MUON_EVENT_SUBJECT_ROOT),
});

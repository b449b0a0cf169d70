import { z } from 'zod';

/**
 * Every setting comes from the environment (README lists them), so one build runs embedded,
 * in compose, or beside other software on other ports.
 */
const schema = z.object({
  NATS_URL: z.string().default('nats://127.0.0.1:4223'),
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5433/muon'),
  MUON_API_HOST: z.string().default('127.0.0.1'),
  MUON_API_PORT: z.coerce.number().int().min(0).max(65535).default(9696),
  MUON_HEALTH_HOST: z.string().default('127.0.0.1'),
  /** Port of a backend service's /healthz, /readyz and /metrics; 0 picks a free one. */
  MUON_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  MUON_AUTH_MODE: z.enum(['noauth', 'builtin', 'keystone']).default('noauth'),
  MUON_EVENT_STREAM: z.string().default('MUON_EVENTS'),
  MUON_EVENT_SUBJECT_ROOT: z.string().default('muon.evt'),
  /** JetStream replicas of the event stream: 1 embedded, 3 on a 3-node NATS cluster. */
  MUON_EVENT_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  MUON_VXLAN_VNI_RANGES: z.string().default('1:16777215'),
  MUON_NETWORK_VLAN_RANGES: z.string().default('public,physnet1:1:4094'),
  MUON_MAC_BASE: z.string().default('fa:16:3e:00:00:00'),
  MUON_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  MUON_HOST_ID: z.string().default(''),
  /**
   * Whether this process runs the outbox relay (outbox → JetStream). 'off' leaves committed events in
   * the outbox for another replica's relay, or for a crash test that must find them still there.
   */
  MUON_OUTBOX_RELAY: z.enum(['on', 'off']).default('on'),
});

export type MuonConfig = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): MuonConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

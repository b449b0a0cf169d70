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
  /** builtin identity (docs/identity.md): the admin's password, kept in step at every start; generated and logged once when unset. */
  MUON_ADMIN_PASSWORD: z.string().min(1).optional(),
  /** builtin identity: token lifetime (Keystone's [token] expiration, 1 h). */
  MUON_TOKEN_EXPIRATION_SECONDS: z.coerce.number().int().min(1).max(7 * 86400).default(3600),
  /** builtin identity: the region of the service catalog's endpoints. */
  MUON_REGION_NAME: z.string().min(1).default('RegionOne'),
  /** keystone mode, like Neutron's [keystone_authtoken]: where Keystone is and the service user that validates tokens. */
  MUON_KEYSTONE_URL: z.string().url().optional(),
  MUON_KEYSTONE_USERNAME: z.string().min(1).optional(),
  MUON_KEYSTONE_PASSWORD: z.string().min(1).optional(),
  MUON_KEYSTONE_PROJECT_NAME: z.string().min(1).default('service'),
  MUON_KEYSTONE_USER_DOMAIN_NAME: z.string().min(1).default('Default'),
  MUON_KEYSTONE_PROJECT_DOMAIN_NAME: z.string().min(1).default('Default'),
  /** keystone mode: how long a validated token is trusted before Keystone is asked again (bounds revocation delay). */
  MUON_KEYSTONE_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
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
  /** How often an agent reports it is alive (Neutron's report_interval, 30 s). */
  MUON_AGENT_REPORT_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** An agent silent for this long is shown not alive and loses its DHCP networks (Neutron's agent_down_time, 75 s). */
  MUON_AGENT_DOWN_TIME_MS: z.coerce.number().int().min(300).default(75_000),
  /** Default quotas, `network=100,port=500,…` (Neutron's quota_network, quota_port, …); unlisted ones keep Neutron's defaults. */
  MUON_QUOTA_DEFAULTS: z.string().default(''),
  /** DHCP servers per network, each on another DHCP agent (Neutron's dhcp_agents_per_network). */
  MUON_DHCP_AGENTS_PER_NETWORK: z.coerce.number().int().min(1).max(16).default(1),
  /** l3: how often ipam's router and floating IP ports are checked against l3's records, and how old an unrecorded one must be to go. */
  MUON_L3_ORPHAN_SWEEP_MS: z.coerce.number().int().min(100).default(60_000),
  MUON_L3_ORPHAN_GRACE_MS: z.coerce.number().int().min(0).default(120_000),
});

export type MuonConfig = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): MuonConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

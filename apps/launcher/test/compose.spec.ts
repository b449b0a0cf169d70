// The multi-node form (docker-compose.yml + Dockerfile) checked against the code, so neither can
// drift from it: Compose's own validator when one is installed, and always a structural check.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { SERVICES } from '../src/services.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const composePath = join(root, 'docker-compose.yml');
const dockerfilePath = join(root, 'Dockerfile');

/** The Muon services the compose file must run; the agent is the one per host. */
const MUON_SERVICES = ['api', 'ipam', 'l3', 'lbaas', 'firewall', 'agent'] as const;
/** Services that keep their state in PostgreSQL (the agent talks over NATS only). */
const NEEDS_DATABASE = ['api', 'ipam', 'l3', 'lbaas', 'firewall'];

/**
 * Variables a Muon service may be given besides the keys of libs/service-kit/src/config.ts (the
 * agent's host settings live in apps/agent/src/dataplane/dataplane-config.ts). Each must still be
 * read somewhere in apps/*\/src or libs/*\/src (checked below), so this list cannot rot.
 */
const ALLOWLIST = ['LOG_LEVEL', 'MUON_PUBLIC_URL', 'MUON_NOAUTH_PROJECT', 'MUON_RPC_TIMEOUT_MS', 'MUON_AGENT_TUNNEL_IP', 'MUON_AGENT_BRIDGE_MAPPINGS', 'MUON_AGENT_DATAPLANE'];
/** Read by the OpenTelemetry SDK itself (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_RESOURCE_ATTRIBUTES, …). */
const ALLOWED_PREFIXES = ['OTEL_'];
/**
 * Set by docker-compose.yml ahead of the code: the lead wires it into config.ts (the event stream's
 * replica count, R3 on the 3-node cluster). Once config.ts reads it, delete it from here.
 */
const PENDING_WIRING: string[] = [];

type Doc = Record<string, unknown>;
interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  deploy?: { replicas?: unknown; mode?: string };
  healthcheck?: { test?: string | string[]; disable?: boolean };
  network_mode?: string;
  privileged?: boolean;
  extra_hosts?: string[] | Record<string, string>;
  volumes?: (string | { source?: string; target?: string })[];
  ports?: (string | { published?: unknown; target?: unknown })[];
  hostname?: string;
}

const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as Doc;
const services = (compose.services ?? {}) as Record<string, Service>;

/** ${VAR:-default} / ${VAR-default} / ${VAR} → the default (the file must work with no .env). */
function withDefaults(value: unknown): string {
  return String(value ?? '')
    .replace(/\$\$/g, '\u0000')
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_m, _name, def) => def ?? '')
    .replace(/\u0000/g, '$');
}
const words = (command: Service['command']): string[] =>
  command === undefined ? [] : Array.isArray(command) ? command.map(String) : String(command).split(/\s+/).filter(Boolean);
function envOf(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => {
      const i = String(line).indexOf('=');
      return i < 0 ? [String(line), ''] : [String(line).slice(0, i), String(line).slice(i + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}
const dependsOn = (svc: Service): Record<string, { condition?: string }> =>
  Array.isArray(svc.depends_on) ? Object.fromEntries(svc.depends_on.map((d) => [d, {}])) : (svc.depends_on ?? {});
const flagValue = (argv: string[], ...names: string[]): string | undefined => {
  for (let i = 0; i < argv.length; i++) {
    for (const name of names) {
      if (argv[i] === name) return argv[i + 1];
      if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
    }
  }
  return undefined;
};
/** Collects every problem instead of stopping at the first, so one run names all of them. */
function problems(check: (fail: (msg: string) => void) => void): string[] {
  const found: string[] = [];
  check((msg) => found.push(msg));
  return found;
}
const expectNone = (found: string[]) => expect(found.join('\n')).toBe('');

/** Services run from the NATS image: the cluster nodes. */
const natsNodes = Object.entries(services).filter(([, s]) => /^nats(:|@|$)/.test(withDefaults(s.image)));
const natsNames = natsNodes.map(([name]) => name);

describe('docker-compose.yml: Compose accepts it', () => {
  const run = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: 60_000, env: cleanEnv() });
  // A developer's own MUON_* / POSTGRES_* settings must not change what is validated.
  function cleanEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!/^(MUON_|NATS_|POSTGRES_|HAPROXY_|OTEL_|LOG_LEVEL$|DATABASE_URL$|COMPOSE_)/.test(k)) env[k] = v;
    }
    return env;
  }
  const v2 = run('docker', ['compose', 'version']);
  const v1 = v2.status === 0 ? undefined : run('docker-compose', ['version']);
  const validator = v2.status === 0 ? ['docker', 'compose'] : v1?.status === 0 ? ['docker-compose'] : undefined;

  (validator ? it : it.skip)(`${validator?.join(' ') ?? 'docker compose (not installed)'} config -q succeeds`, () => {
    const [cmd, ...pre] = validator!;
    const result = run(cmd, [...pre, '-f', 'docker-compose.yml', 'config', '-q']);
    expect({ status: result.status, stderr: result.stderr.trim(), error: result.error?.message })
      .toEqual({ status: 0, stderr: expect.not.stringMatching(/error|invalid|unsupported/i), error: undefined });
  });
});

describe('docker-compose.yml: structure', () => {
  it('every service has an image or a build, and every depends_on target exists', () => {
    expectNone(problems((fail) => {
      if (Object.keys(services).length === 0) fail('no services at all');
      for (const [name, svc] of Object.entries(services)) {
        if (!svc.image && !svc.build) fail(`service "${name}" has neither image nor build`);
        for (const [target, dep] of Object.entries(dependsOn(svc))) {
          if (!services[target]) fail(`service "${name}" depends_on "${target}", which is not a service`);
          if (dep.condition === 'service_healthy' && (!services[target]?.healthcheck || services[target]?.healthcheck?.disable)) {
            fail(`service "${name}" waits for "${target}" to be healthy, but "${target}" has no healthcheck`);
          }
        }
      }
    }));
  });

  it('runs exactly three NATS nodes, each with JetStream on its own volume and routes to the other two', () => {
    expectNone(problems((fail) => {
      if (natsNodes.length !== 3) fail(`expected exactly 3 NATS nodes (services from the nats image), found ${natsNodes.length}: ${natsNames.join(', ') || 'none'}`);
      const clusterNames = new Set<string>();
      const serverNames = new Set<string>();
      const storeVolumes = new Set<string>();
      for (const [name, svc] of natsNodes) {
        const argv = words(svc.command).map(withDefaults);
        if (!argv.includes('--jetstream') && !argv.includes('-js')) fail(`NATS node "${name}" does not enable JetStream (--jetstream)`);
        clusterNames.add(flagValue(argv, '--cluster_name') ?? '(none)');
        serverNames.add(flagValue(argv, '--name', '-n', '--server_name') ?? `(unnamed ${name})`);
        if (!flagValue(argv, '--cluster')) fail(`NATS node "${name}" has no --cluster listen URL`);
        const store = flagValue(argv, '--store_dir', '-sd');
        if (!store) fail(`NATS node "${name}" has no JetStream --store_dir`);
        const mount = (svc.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target ?? '']))
          .find(([, target]) => target === store);
        if (store && !mount) fail(`NATS node "${name}" keeps JetStream in ${store}, but no volume is mounted there`);
        if (mount) {
          if (storeVolumes.has(mount[0])) fail(`NATS nodes share the store volume "${mount[0]}"; each needs its own`);
          storeVolumes.add(mount[0]);
        }
        const routeHosts = (flagValue(argv, '--routes') ?? '').split(',').filter(Boolean).map((u) => new URL(u.trim()).hostname);
        for (const other of natsNames.filter((n) => n !== name)) {
          if (!routeHosts.includes(other)) fail(`NATS node "${name}" has no route to "${other}" (--routes ${routeHosts.join(',') || 'missing'})`);
        }
        if (!svc.healthcheck) fail(`NATS node "${name}" has no healthcheck`);
      }
      if (clusterNames.size !== 1) fail(`the NATS nodes must share one --cluster_name, found: ${[...clusterNames].join(', ')}`);
      if (serverNames.size !== natsNodes.length) fail(`each NATS node needs its own --name (JetStream needs unique server names): ${[...serverNames].join(', ')}`);
    }));
  });

  it('runs every Muon service, each connected to all three NATS nodes, with health on /healthz', () => {
    expectNone(problems((fail) => {
      for (const name of MUON_SERVICES) {
        const svc = services[name];
        if (!svc) { fail(`Muon service "${name}" is missing`); continue; }
        const env = envOf(svc);
        if (!env.NATS_URL) { fail(`service "${name}" has no NATS_URL`); continue; }
        const hosts = withDefaults(env.NATS_URL).split(',').map((u) => new URL(u.trim()).hostname);
        for (const node of natsNames) {
          if (!hosts.includes(node)) fail(`service "${name}": NATS_URL ${env.NATS_URL} does not name NATS node "${node}"`);
        }
        if (svc.network_mode === 'host') {
          // Docker's DNS does not serve a container in the host's network: the names need extra_hosts.
          const mapped = Array.isArray(svc.extra_hosts)
            ? svc.extra_hosts.map((h) => String(h).split(/[:=]/)[0])
            : Object.keys(svc.extra_hosts ?? {});
          for (const host of hosts) {
            if (!mapped.includes(host)) fail(`service "${name}" uses the host network, but ${host} (in NATS_URL) is not in its extra_hosts`);
          }
          // ... and reaches each node on the port that node publishes on the host.
          for (const url of withDefaults(env.NATS_URL).split(',').map((u) => new URL(u.trim()))) {
            const published = (services[url.hostname]?.ports ?? []).map((p) =>
              typeof p === 'string' ? withDefaults(p).split(':').slice(-2, -1)[0] : withDefaults(p.published));
            if (services[url.hostname] && !published.includes(url.port || '4222')) {
              fail(`service "${name}" connects to ${url.host}, but "${url.hostname}" publishes ${published.join(', ') || 'no port'} on the host`);
            }
          }
        }
        if (!('MUON_HEALTH_PORT' in env)) fail(`service "${name}" has no MUON_HEALTH_PORT`);
        if (NEEDS_DATABASE.includes(name) && !env.DATABASE_URL) fail(`service "${name}" has no DATABASE_URL`);
        const test = [svc.healthcheck?.test ?? []].flat().join(' ');
        if (!test.includes('/healthz')) fail(`service "${name}" has no healthcheck on /healthz`);
        const deps = dependsOn(svc);
        for (const node of natsNames) {
          if (deps[node]?.condition !== 'service_healthy') fail(`service "${name}" does not wait for NATS node "${node}" (depends_on condition: service_healthy)`);
        }
        if (env.DATABASE_URL && deps.postgres?.condition !== 'service_healthy') fail(`service "${name}" uses PostgreSQL but does not wait for it to be healthy`);
        for (const [target, dep] of Object.entries(deps)) {
          if (!dep.condition) fail(`service "${name}": depends_on "${target}" has no condition`);
        }
      }
      const agent = services.agent;
      if (agent) {
        if (agent.network_mode !== 'host') fail('the agent must run in the host network (network_mode: host)');
        if (agent.privileged !== true) fail('the agent must be privileged (it programs OVS, namespaces and iptables)');
        if (agent.deploy?.replicas !== undefined) fail('the agent is one per host: no deploy.replicas (deploy.mode: global)');
      }
    }));
  });

  it('every replicas value is a positive integer or ${VAR:-N} with N >= 1, and the names match the launcher', () => {
    const launcherVar = new Map(SERVICES.map((s) => [s.name, s.replicasVar]));
    expectNone(problems((fail) => {
      for (const [name, svc] of Object.entries(services)) {
        const replicas = svc.deploy?.replicas;
        if (replicas === undefined) {
          if (MUON_SERVICES.includes(name as never) && name !== 'agent') fail(`service "${name}" has no deploy.replicas`);
          continue;
        }
        if (typeof replicas === 'number') {
          if (!Number.isInteger(replicas) || replicas < 1) fail(`service "${name}": replicas ${replicas} is not a positive integer`);
          continue;
        }
        const m = /^\$\{([A-Z0-9_]+):-(\d+)\}$/.exec(String(replicas));
        if (!m) { fail(`service "${name}": replicas "${replicas}" is neither a positive integer nor \${VAR:-N}`); continue; }
        if (Number(m[2]) < 1) fail(`service "${name}": replicas default ${m[2]} in "${replicas}" must be at least 1`);
        const expected = launcherVar.get(name);
        if (expected && m[1] !== expected) fail(`service "${name}": replicas come from ${m[1]}, but npm start reads ${expected} (apps/launcher/src/services.ts)`);
      }
    }));
  });

  it('gives Muon services only environment variables the code reads', () => {
    const configSource = readFileSync(join(root, 'libs/service-kit/src/config.ts'), 'utf8');
    const schemaBody = /z\.object\(\{([\s\S]*?)\n\}\)/.exec(configSource)?.[1] ?? '';
    const configKeys = [...schemaBody.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)].map((m) => m[1]);
    expect(configKeys).toEqual(expect.arrayContaining(['NATS_URL', 'DATABASE_URL', 'MUON_HEALTH_PORT']));

    const sources = sourceFiles().map((f) => readFileSync(f, 'utf8')).join('\n');
    expectNone(problems((fail) => {
      for (const name of ALLOWLIST) {
        if (!new RegExp(`\\benv\\.${name}\\b|\\benv\\[['"]${name}['"]\\]`).test(sources)) {
          fail(`${name} is allowlisted in compose.spec.ts but no longer read by apps/*/src or libs/*/src: remove it from the allowlist and docker-compose.yml`);
        }
      }
      const known = new Set([...configKeys, ...ALLOWLIST, ...PENDING_WIRING]);
      for (const name of MUON_SERVICES) {
        for (const key of Object.keys(envOf(services[name] ?? {}))) {
          if (known.has(key) || ALLOWED_PREFIXES.some((p) => key.startsWith(p))) continue;
          fail(`service "${name}" is given ${key}, which no code reads (not a key of libs/service-kit/src/config.ts nor in the allowlist of apps/launcher/test/compose.spec.ts)`);
        }
      }
    }));
  });
});

describe('Dockerfile', () => {
  const dockerfile = existsSync(dockerfilePath) ? readFileSync(dockerfilePath, 'utf8') : '';
  const stages = [...dockerfile.matchAll(/^FROM\s+\S+(?:\s+AS\s+(\S+))?/gim)].map((m) => m[1]).filter(Boolean);

  it('exists, starts from Node 24 on Debian bookworm and has the targets the compose file builds', () => {
    expect(existsSync(dockerfilePath)).toBe(true);
    expectNone(problems((fail) => {
      if (!/node:24[\w.-]*bookworm/.test(dockerfile)) fail('the Dockerfile does not start from the node image at major 24 on bookworm (node:24-bookworm…)');
      if (!/npm ci\b/.test(dockerfile)) fail('the Dockerfile does not install with npm ci');
      if (!/scripts\/build\.sh/.test(dockerfile)) fail('the Dockerfile does not build with scripts/build.sh');
      for (const [name, svc] of Object.entries(services)) {
        const target = typeof svc.build === 'object' && svc.build !== null ? (svc.build as { target?: string }).target : undefined;
        if (target && !stages.includes(target)) fail(`service "${name}" builds target "${target}", which the Dockerfile lacks (stages: ${stages.join(', ')})`);
      }
      const agentTarget = (services.agent?.build as { target?: string } | undefined)?.target;
      const agentStage = agentTarget ? dockerfile.split(/^FROM /m).find((s) => new RegExp(`\\sAS\\s+${agentTarget}\\b`, 'i').test(s.split('\n')[0])) ?? '' : dockerfile;
      for (const pkg of ['iproute2', 'openvswitch-switch', 'dnsmasq-base', 'iptables', 'haproxy']) {
        if (!new RegExp(`\\b${pkg}\\b`).test(agentStage)) fail(`the agent's image (target ${agentTarget ?? 'default'}) does not install ${pkg}`);
      }
    }));
  });

  it('builds and can start every app the compose file runs', () => {
    const rootTsconfig = readFileSync(join(root, 'tsconfig.json'), 'utf8');
    const generic = /apps\/\$\{?\w+\}?\/dist\/main\.js/.test(dockerfile);
    expectNone(problems((fail) => {
      for (const [name, svc] of Object.entries(services)) {
        if (!svc.build) continue; // third-party images
        const app = words(svc.command)[0] ?? envOf(svc).MUON_SERVICE;
        if (!app) { fail(`service "${name}" is built from the Dockerfile but names no app (command: [<app>])`); continue; }
        if (!existsSync(join(root, 'apps', app, 'package.json'))) fail(`service "${name}" runs app "${app}", but apps/${app}/package.json does not exist`);
        for (const file of ['main.ts', 'tracing.ts']) {
          if (!existsSync(join(root, 'apps', app, 'src', file))) fail(`service "${name}" runs apps/${app}/dist/${file.replace('.ts', '.js')}, but apps/${app}/src/${file} does not exist`);
        }
        // scripts/build.sh is `tsc -b tsconfig.json`: an app the root tsconfig doesn't reference is never built.
        if (!new RegExp(`"apps/${app}"`).test(rootTsconfig)) fail(`service "${name}" runs apps/${app}, but the root tsconfig.json does not reference it, so scripts/build.sh (and the image) never builds it`);
        if (!generic && !new RegExp(`apps/${app}/dist/main\\.js`).test(dockerfile)) fail(`the Dockerfile neither starts apps/${app}/dist/main.js nor has the generic apps/$svc/dist/main.js command`);
      }
    }));
  });
});

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) out.push(path);
    }
  };
  for (const top of ['apps', 'libs']) {
    for (const pkg of readdirSync(join(root, top))) {
      const src = join(root, top, pkg, 'src');
      if (existsSync(src)) walk(src);
    }
  }
  return out;
}

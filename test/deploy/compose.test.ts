// deploy/docker-compose.yml as Docker Compose v2 resolves it: the topology of issue 6, files
// that exist, and names and ports that agree across the compose file, the HAProxy and
// Prometheus configurations, the image and the server's settings.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { loadSettings } from '@prefect-server-ts/settings';
import { composeConfig, DEPLOY, dockerfileInstructions, type Loose, ROOT, settingNamesRead, yamlDocuments } from './tools.ts';

const SERVER = ['migrate', 'api', 'services'];
let config: Loose;
let imagePort: number;

test.before(async () => {
  config = await composeConfig();
  const env = (await dockerfileInstructions()).filter((i) => i.cmd === 'ENV').flatMap((i) => i.value);
  imagePort = Number(env[env.indexOf('PREFECT_SERVER_API_PORT') + 1]);
});

const service = (name: string) => config.services[name];

test('the services are Postgres, one migrate step, the API, the background services, the proxy and Prometheus', (t) => {
  t.deepEqual(Object.keys(config.services).sort(), ['api', 'migrate', 'postgres', 'prometheus', 'proxy', 'services']);
  t.is(imagePort, 4200);
});

test('Postgres is version 16 with a pg_isready healthcheck that the server containers wait for', (t) => {
  const postgres = service('postgres');
  t.regex(postgres.image, /^postgres:16(\.|-|$)/);
  t.deepEqual(postgres.healthcheck.test.slice(0, 2), ['CMD', 'pg_isready']);
  for (const name of SERVER) t.is(service(name).depends_on.postgres.condition, 'service_healthy', name);
});

test('migrate runs `database upgrade` once; the 2 API replicas and the services process start after it succeeded, without migrating', (t) => {
  t.deepEqual(service('migrate').command, ['database', 'upgrade']);
  t.is(service('migrate').restart, 'no');
  t.deepEqual(service('api').command, ['start', '--no-services']);
  t.is(service('api').deploy.replicas, 2);
  t.deepEqual(service('services').command, ['services']);
  for (const name of ['api', 'services']) {
    t.is(service(name).depends_on.migrate.condition, 'service_completed_successfully', name);
    t.is(service(name).environment.PREFECT_API_DATABASE_MIGRATE_ON_START, 'false', name);
  }
});

test('the server containers run one image built from deploy/Dockerfile with the repository as context', (t) => {
  const images = new Set(SERVER.map((name) => service(name).image));
  t.is(images.size, 1);
  for (const name of SERVER) {
    t.is(service(name).build.context.replace(/\/$/, ''), ROOT.replace(/\/$/, ''), name);
    t.true(existsSync(join(service(name).build.context, service(name).build.dockerfile)), name);
    t.true(existsSync(join(service(name).build.context, '.dockerignore')), name);
  }
  // The image's HEALTHCHECK asks the API, which only the API replicas serve.
  t.is(service('api').healthcheck, undefined);
  t.true(service('services').healthcheck.disable);
  t.true(service('migrate').healthcheck.disable);
});

test('every variable the server containers set is one the server reads, and the settings load: Postgres at the compose service', (t) => {
  const read = settingNamesRead();
  const postgres = service('postgres').environment;
  for (const name of SERVER) {
    const environment: Record<string, string> = service(name).environment;
    for (const key of Object.keys(environment)) t.true(read.has(key), `${name} sets ${key}, which the server does not read`);
    const settings = loadSettings(environment);
    t.like(settings.database.url, { dialect: 'postgres', host: 'postgres', port: 5432, database: postgres.POSTGRES_DB, user: postgres.POSTGRES_USER, password: postgres.POSTGRES_PASSWORD }, name);
    if (name !== 'migrate') t.false(settings.database.migrateOnStart, name);
  }
});

test('bind mounts name files that exist (Docker would otherwise create empty directories in their place)', (t) => {
  const binds = Object.entries(config.services).flatMap(([name, s]: [string, Loose]) => (s.volumes ?? []).filter((v: Loose) => v.type === 'bind').map((v: Loose) => ({ name, source: v.source })));
  t.true(binds.length >= 2);
  for (const { name, source } of binds) t.true(existsSync(source) && statSync(source).isFile(), `${name}: ${source}`);
});

test('the proxy publishes :4200 and balances over the API replicas found by service name, checking /api/ready, with websockets kept open', (t) => {
  const proxy = service('proxy');
  t.deepEqual(proxy.ports.map((p: Loose) => [String(p.published), p.target]), [['4200', 4200]]);
  const mount = proxy.volumes.find((v: Loose) => v.target === '/usr/local/etc/haproxy/haproxy.cfg');
  t.is(mount?.source, join(DEPLOY, 'haproxy.cfg'));
  const cfg = readFileSync(mount.source, 'utf8');
  t.regex(cfg, /^frontend \S+\n {2}bind :4200\n {2}default_backend api$/m);
  const backend = cfg.slice(cfg.indexOf('\nbackend api\n'));
  t.regex(backend, new RegExp(`^ {2}server-template api \\d+ api:${imagePort} resolvers docker init-addr none$`, 'm'));
  t.regex(backend, /^ {2}http-check send meth GET uri \/api\/ready$/m);
  t.regex(backend, /^ {2}default-server check /m);
  t.regex(cfg, /^resolvers docker\n {2}nameserver dns 127\.0\.0\.11:53$/m);
  t.regex(cfg, /^ {2}timeout tunnel \S+$/m);
  t.is(service('api').ports, undefined, 'replicas are reached through the proxy only');
});

test('Prometheus scrapes /api/metrics of each API replica by service name, and the services process', async (t) => {
  const prometheus = service('prometheus');
  const mount = prometheus.volumes.find((v: Loose) => v.target === '/etc/prometheus/prometheus.yml');
  t.truthy(mount);
  const [scrape] = await yamlDocuments([mount.source]);
  const jobs: Loose[] = scrape!.document.scrape_configs;
  for (const job of jobs) t.is(job.metrics_path, '/api/metrics', job.job_name);
  const targets = jobs.flatMap((job) => [
    ...(job.dns_sd_configs ?? []).flatMap((sd: Loose) => sd.names.map((host: string) => `${host}:${sd.port}`)),
    ...(job.static_configs ?? []).flatMap((sc: Loose) => sc.targets),
  ]);
  t.deepEqual(targets.sort(), [`api:${imagePort}`, `services:${imagePort}`]);
  for (const target of targets) t.truthy(config.services[target.split(':')[0]], target);
});

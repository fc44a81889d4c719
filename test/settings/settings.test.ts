// Settings: every URL form Prefect users write, defaults, and an exact message for each bad value.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import test from 'ava';
import { loadSettings, SettingsError } from '@prefect-server-ts/settings';

test('defaults to a SQLite file under PREFECT_HOME that is not the Python server\'s prefect.db', (t) => {
  const s = loadSettings({});
  t.deepEqual(s.database.url, { dialect: 'sqlite', path: join(homedir(), '.prefect', 'prefect-server-ts.db') });
  t.deepEqual(loadSettings({ PREFECT_HOME: '/srv/prefect' }).database.url, { dialect: 'sqlite', path: '/srv/prefect/prefect-server-ts.db' });
  t.is(s.database.timeoutSeconds, 10);
  t.is(s.database.connectionTimeoutSeconds, 5);
  t.is(s.database.poolSize, 5);
  t.is(s.database.maxOverflow, 10);
  t.is(s.database.statementCacheSize, 100);
  t.is(loadSettings({ PREFECT_SERVER_DATABASE_SQLALCHEMY_CONNECT_ARGS_STATEMENT_CACHE_SIZE: '0' }).database.statementCacheSize, 0);
  t.true(s.database.migrateOnStart);
  t.false(s.database.echo);
  t.is(s.database.sqliteBusyTimeoutMs, 60_000);
  t.is(loadSettings({ PREFECT_TESTING_UNIT_TEST_MODE: '1' }).database.sqliteBusyTimeoutMs, 5_000);
  t.deepEqual(s.api, {
    host: '127.0.0.1',
    port: 4200,
    authString: undefined,
    defaultLimit: 200,
    csrfProtectionEnabled: false,
    csrfTokenExpirationSeconds: 3600,
    corsAllowedOrigins: '*',
    corsAllowedMethods: '*',
    corsAllowedHeaders: '*',
  });
});

test('reads Postgres URLs in the asyncpg and plain forms', (t) => {
  const parse = (value: string) => loadSettings({ PREFECT_API_DATABASE_CONNECTION_URL: value }).database.url;
  const expected = { dialect: 'postgres', host: 'db.internal', port: 6543, user: 'prefect', password: 'p@ss:word', database: 'orion', sslMode: undefined, applicationName: undefined };
  t.deepEqual(parse('postgresql+asyncpg://prefect:p%40ss%3Aword@db.internal:6543/orion'), expected);
  t.deepEqual(parse('postgresql://prefect:p%40ss%3Aword@db.internal:6543/orion'), expected);
  t.like(parse('postgres://u@h/d?sslmode=require&application_name=api-1'), { port: 5432, password: undefined, sslMode: 'require', applicationName: 'api-1' });
  t.like(loadSettings({ PREFECT_SERVER_DATABASE_CONNECTION_URL: 'postgresql://a@b/c', PREFECT_API_DATABASE_CONNECTION_URL: 'sqlite://' }).database.url, { dialect: 'postgres' });
});

test('reads SQLite URLs as SQLAlchemy does', (t) => {
  const parse = (value: string) => loadSettings({ PREFECT_API_DATABASE_CONNECTION_URL: value }).database.url;
  t.deepEqual(parse('sqlite+aiosqlite:////abs/path.db'), { dialect: 'sqlite', path: '/abs/path.db' });
  t.deepEqual(parse('sqlite:////abs/path.db'), { dialect: 'sqlite', path: '/abs/path.db' });
  t.deepEqual(parse('sqlite+aiosqlite:///rel/path.db'), { dialect: 'sqlite', path: resolve('rel/path.db') });
  t.deepEqual(parse('sqlite+aiosqlite:///:memory:'), { dialect: 'sqlite', path: ':memory:' });
  t.deepEqual(parse('sqlite://'), { dialect: 'sqlite', path: ':memory:' });
});

const refusals: [Readonly<Record<string, string>>, string][] = [
  [{ PREFECT_API_DATABASE_CONNECTION_URL: 'mysql://u@h/db' }, 'PREFECT_API_DATABASE_CONNECTION_URL="mysql://u@h/db" is invalid: unsupported scheme "mysql"; expected one of postgresql+asyncpg, postgresql, sqlite+aiosqlite, sqlite'],
  [{ PREFECT_API_DATABASE_CONNECTION_URL: 'not a url' }, 'PREFECT_API_DATABASE_CONNECTION_URL="not a url" is invalid: expected a URL such as postgresql+asyncpg://user:password@host:5432/prefect or sqlite+aiosqlite:////path/to/prefect-server-ts.db'],
  [{ PREFECT_API_DATABASE_CONNECTION_URL: 'postgresql+asyncpg://u:secret@h:5432' }, 'PREFECT_API_DATABASE_CONNECTION_URL="postgresql+asyncpg://u:***@h:5432" is invalid: the URL must name one database, as in postgresql+asyncpg://user:password@host:5432/prefect'],
  [{ PREFECT_API_DATABASE_CONNECTION_URL: 'postgresql://u@h:99999/db' }, 'PREFECT_API_DATABASE_CONNECTION_URL="postgresql://u@h:99999/db" is invalid: not a valid URL'],
  [{ PREFECT_API_DATABASE_CONNECTION_URL: 'postgresql://u@h/db?pool=3' }, 'PREFECT_API_DATABASE_CONNECTION_URL="postgresql://u@h/db?pool=3" is invalid: unsupported query parameter "pool"; supported: sslmode, application_name'],
  [{ PREFECT_API_DATABASE_CONNECTION_URL: 'sqlite://host/x.db' }, 'PREFECT_API_DATABASE_CONNECTION_URL="sqlite://host/x.db" is invalid: a SQLite URL has no host: write sqlite+aiosqlite:///relative.db or sqlite+aiosqlite:////absolute/path.db'],
  [{ PREFECT_API_DATABASE_CONNECTION_URL: 'sqlite:///x.db?mode=ro' }, 'PREFECT_API_DATABASE_CONNECTION_URL="sqlite:///x.db?mode=ro" is invalid: query parameters are not supported on SQLite URLs'],
  [{ PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: 'five' }, 'PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE="five" is invalid: expected an integer'],
  [{ PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE: '0' }, 'PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE="0" is invalid: expected an integer from 1 to 1000'],
  [{ PREFECT_SQLALCHEMY_MAX_OVERFLOW: '-1' }, 'PREFECT_SQLALCHEMY_MAX_OVERFLOW="-1" is invalid: expected an integer from 0 to 1000'],
  [{ PREFECT_API_DATABASE_SQLALCHEMY_CONNECT_ARGS_STATEMENT_CACHE_SIZE: 'all' }, 'PREFECT_API_DATABASE_SQLALCHEMY_CONNECT_ARGS_STATEMENT_CACHE_SIZE="all" is invalid: expected an integer'],
  [{ PREFECT_API_DATABASE_TIMEOUT: '10s' }, 'PREFECT_API_DATABASE_TIMEOUT="10s" is invalid: expected a number'],
  [{ PREFECT_API_DATABASE_CONNECTION_TIMEOUT: '0' }, 'PREFECT_API_DATABASE_CONNECTION_TIMEOUT="0" is invalid: expected a number from 0.001 to 3600'],
  [{ PREFECT_API_DATABASE_ECHO: 'loud' }, 'PREFECT_API_DATABASE_ECHO="loud" is invalid: expected a boolean (true/false)'],
  [{ PREFECT_API_DATABASE_MIGRATE_ON_START: 'maybe' }, 'PREFECT_API_DATABASE_MIGRATE_ON_START="maybe" is invalid: expected a boolean (true/false)'],
  [{ PREFECT_SERVER_CSRF_TOKEN_EXPIRATION: 'soon' }, 'PREFECT_SERVER_CSRF_TOKEN_EXPIRATION="soon" is invalid: expected a positive duration in seconds or ISO-8601 (PT1H)'],
  [{ PREFECT_API_DEFAULT_LIMIT: '0' }, 'PREFECT_API_DEFAULT_LIMIT="0" is invalid: expected an integer from 1 to 100000'],
  [{ PREFECT_SERVER_API_PORT: '70000' }, 'PREFECT_SERVER_API_PORT="70000" is invalid: expected an integer from 0 to 65535'],
];

for (const [env, message] of refusals) {
  test(`refuses ${Object.entries(env)[0]!.join('=')} naming the variable`, (t) => {
    const error = t.throws(() => loadSettings(env as Record<string, string | undefined>), { instanceOf: SettingsError, message });
    t.is(error?.variable, Object.keys(env)[0]!);
  });
}

test('accepts Prefect\'s spellings of booleans and numbers', (t) => {
  const s = loadSettings({ PREFECT_API_DATABASE_ECHO: 'True', PREFECT_API_DATABASE_MIGRATE_ON_START: 'off', PREFECT_API_DATABASE_TIMEOUT: '2.5' });
  t.true(s.database.echo);
  t.false(s.database.migrateOnStart);
  t.is(s.database.timeoutSeconds, 2.5);
});

test('reads the API settings under their Prefect names', (t) => {
  const api = loadSettings({
    PREFECT_SERVER_API_AUTH_STRING: 'admin:pass',
    PREFECT_SERVER_CSRF_PROTECTION_ENABLED: 'true',
    PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION: 'PT1H30M',
    PREFECT_SERVER_CORS_ALLOWED_ORIGINS: 'https://a.example,https://b.example',
    PREFECT_API_DEFAULT_LIMIT: '50',
  }).api;
  t.like(api, { authString: 'admin:pass', csrfProtectionEnabled: true, csrfTokenExpirationSeconds: 5400, corsAllowedOrigins: 'https://a.example,https://b.example', defaultLimit: 50 });
  t.is(loadSettings({ PREFECT_SERVER_CSRF_TOKEN_EXPIRATION: '90' }).api.csrfTokenExpirationSeconds, 90);
});

test('reads where the services process serves metrics: nowhere unless given a port', (t) => {
  t.deepEqual(loadSettings({}).metrics, { port: undefined, host: '127.0.0.1' });
  t.deepEqual(loadSettings({ PREFECT_SERVER_TS_METRICS_PORT: '9464', PREFECT_SERVER_TS_METRICS_HOST: '0.0.0.0' }).metrics, { port: 9464, host: '0.0.0.0' });
  t.is(loadSettings({ PREFECT_SERVER_TS_METRICS_PORT: '0' }).metrics.port, 0);
});

test('reads the background-service settings with Prefect\'s defaults', (t) => {
  t.deepEqual(loadSettings({}).services, {
    scheduler: {
      enabled: true,
      loopSeconds: 60,
      deploymentBatchSize: 100,
      maxRuns: 100,
      minRuns: 3,
      maxScheduledTimeSeconds: 8_640_000,
      minScheduledTimeSeconds: 3_600,
      insertBatchSize: 500,
      recentDeploymentsLoopSeconds: 5,
    },
    lateRuns: { enabled: true, loopSeconds: 5, afterSeconds: 15 },
    pauseExpirations: { enabled: true, loopSeconds: 5 },
    cancellationCleanup: { enabled: true, loopSeconds: 20, cancellingTimeoutSeconds: 300 },
    foreman: {
      enabled: true,
      loopSeconds: 15,
      inactivityHeartbeatMultiple: 3,
      fallbackHeartbeatIntervalSeconds: 30,
      deploymentLastPolledTimeoutSeconds: 60,
      workQueueLastPolledTimeoutSeconds: 60,
    },
    repossessor: { enabled: true, loopSeconds: 15, slotDecay: { tagSlotWaitSeconds: 10, maximumSlotWaitSeconds: 30 } },
  });
});

test('reads the concurrency settings with Prefect\'s defaults, names and aliases', (t) => {
  t.deepEqual(loadSettings({}).concurrency, {
    initialDeploymentLeaseDurationSeconds: 300,
    deploymentSlotWaitSeconds: 30,
    slotDecay: { tagSlotWaitSeconds: 10, maximumSlotWaitSeconds: 30 },
  });
  const settings = loadSettings({
    PREFECT_SERVER_CONCURRENCY_INITIAL_DEPLOYMENT_LEASE_DURATION: '45.5',
    PREFECT_DEPLOYMENT_CONCURRENCY_SLOT_WAIT_SECONDS: '0',
    PREFECT_TASK_RUN_TAG_CONCURRENCY_SLOT_WAIT_SECONDS: '3',
    PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS: '12',
    PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS: '2',
    PREFECT_API_SERVICES_REPOSSESSOR_ENABLED: 'false',
  });
  t.deepEqual(settings.concurrency, {
    initialDeploymentLeaseDurationSeconds: 45.5,
    deploymentSlotWaitSeconds: 0,
    slotDecay: { tagSlotWaitSeconds: 3, maximumSlotWaitSeconds: 12 },
  });
  // The repossessor has no legacy PREFECT_API_SERVICES_ names.
  t.deepEqual(settings.services.repossessor, { enabled: true, loopSeconds: 2, slotDecay: { tagSlotWaitSeconds: 3, maximumSlotWaitSeconds: 12 } });
  t.is(loadSettings({ PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS: '5', PREFECT_DEPLOYMENT_CONCURRENCY_SLOT_WAIT_SECONDS: '9' }).concurrency.deploymentSlotWaitSeconds, 5);
});

test('reads the background-service settings under their current and legacy names', (t) => {
  const services = loadSettings({
    PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS: 'PT1M',
    PREFECT_API_SERVICES_LATE_RUNS_LOOP_SECONDS: '0.5',
    PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED: 'false',
    PREFECT_API_SERVICES_CANCELLATION_CLEANUP_ENABLED: 'off',
    PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_CANCELLING_TIMEOUT_SECONDS: '30',
    PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME: '86400',
    PREFECT_SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME: 'PT2H',
    PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS: '0',
    PREFECT_API_SERVICES_SCHEDULER_INSERT_BATCH_SIZE: '50',
    PREFECT_SERVER_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE: '5',
  }).services;
  t.deepEqual(services.lateRuns, { enabled: true, loopSeconds: 0.5, afterSeconds: 60 });
  t.false(services.pauseExpirations.enabled);
  t.like(services.cancellationCleanup, { enabled: false, cancellingTimeoutSeconds: 30 });
  t.like(services.scheduler, { maxScheduledTimeSeconds: 86_400, minScheduledTimeSeconds: 7_200, minRuns: 0, insertBatchSize: 50 });
  t.is(services.foreman.inactivityHeartbeatMultiple, 5);
  t.is(loadSettings({ PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS: '0' }).services.lateRuns.afterSeconds, 0);
  t.true(loadSettings({ PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED: 'true', PREFECT_API_SERVICES_SCHEDULER_ENABLED: 'false' }).services.scheduler.enabled);
});

const serviceRefusals: [string, string, string][] = [
  ['PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED', 'sometimes', 'expected a boolean (true/false)'],
  ['PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS', '0', 'expected a number from 0.001 to 86400'],
  ['PREFECT_API_SERVICES_PAUSE_EXPIRATIONS_LOOP_SECONDS', 'often', 'expected a number'],
  ['PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS', '-5', 'expected a duration of zero or more seconds or ISO-8601 (PT1H)'],
  ['PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME', '0', 'expected a positive duration in seconds or ISO-8601 (PT1H)'],
  ['PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS', '0', 'expected an integer from 1 to 100000'],
  ['PREFECT_SERVER_SERVICES_SCHEDULER_DEPLOYMENT_BATCH_SIZE', '2.5', 'expected an integer'],
  ['PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS', '-1', 'expected an integer from 0 to 100000'],
  ['PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_CANCELLING_TIMEOUT_SECONDS', '0', 'expected a number from 0.001 to 604800'],
  ['PREFECT_API_SERVICES_FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS', 'x', 'expected an integer'],
  ['PREFECT_SERVER_CONCURRENCY_INITIAL_DEPLOYMENT_LEASE_DURATION', '29', 'expected a number from 30 to 3600'],
  ['PREFECT_SERVER_CONCURRENCY_INITIAL_DEPLOYMENT_LEASE_DURATION', '3601', 'expected a number from 30 to 3600'],
  ['PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS', '-1', 'expected a number from 0 to 31536000'],
  ['PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS', 'soon', 'expected a number'],
  ['PREFECT_SERVER_TS_METRICS_PORT', 'nine', 'expected an integer'],
  ['PREFECT_SERVER_TS_METRICS_PORT', '70000', 'expected an integer from 0 to 65535'],
];

for (const [variable, value, problem] of serviceRefusals) {
  test(`refuses ${variable}=${value} naming the variable`, (t) => {
    const error = t.throws(() => loadSettings({ [variable]: value }), {
      instanceOf: SettingsError,
      message: `${variable}=${JSON.stringify(value)} is invalid: ${problem}`,
    });
    t.is(error?.variable, variable);
  });
}

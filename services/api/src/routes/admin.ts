// Version, settings and CSRF token routes, with Prefect's paths and bodies.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CsrfToken } from '@prefect-server-ts/schemas';
import { nowTimestamp, timestampFromDate } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../http/http-error.ts';
import { SERVER_API_VERSION } from '../http/middleware/api-version.ts';
import type { RouteDeclarer } from '../http/route.ts';

/** The Prefect release whose API this server reproduces; clients gate features on it. */
export const PREFECT_VERSION = '3.9.1';

const OBFUSCATED = '********';
/** Prefect's configuration key for the server's default result storage block. */
const DEFAULT_RESULT_STORAGE_KEY = 'server-default-result-storage';

const CsrfQuery = z.object({ client: z.string().min(1) });
const ServerDefaultResultStorage = z
  .object({ default_result_storage_block_id: z.string().nullable() })
  .meta({ id: 'ServerDefaultResultStorage' });

export function adminRoutes({ database, settings }: ApiContext, route: RouteDeclarer): void {
  route({ method: 'get', path: '/version', summary: 'Server Version', tags: ['Root'], response: { status: 200, schema: z.string() } }, ({ res }) => {
    res.json(SERVER_API_VERSION);
  });
  route({ method: 'get', path: '/admin/version', summary: 'Read Version', tags: ['Admin'], response: { status: 200, schema: z.string() } }, ({ res }) => {
    res.json(PREFECT_VERSION);
  });
  // Prefect returns its whole settings tree with secrets obfuscated; these are the
  // settings this server reads, under the same nesting.
  route({ method: 'get', path: '/admin/settings', summary: 'Read Settings', tags: ['Admin'], response: { status: 200 } }, ({ res }) => {
    const db = settings.database;
    res.json({
      home: settings.home,
      server: {
        api: {
          host: settings.api.host,
          port: settings.api.port,
          auth_string: settings.api.authString === undefined ? null : OBFUSCATED,
          default_limit: settings.api.defaultLimit,
          csrf_protection_enabled: settings.api.csrfProtectionEnabled,
          csrf_token_expiration: settings.api.csrfTokenExpirationSeconds,
          cors_allowed_origins: settings.api.corsAllowedOrigins,
          cors_allowed_methods: settings.api.corsAllowedMethods,
          cors_allowed_headers: settings.api.corsAllowedHeaders,
        },
        database: {
          connection_url: OBFUSCATED,
          echo: db.echo,
          migrate_on_start: db.migrateOnStart,
          timeout: db.timeoutSeconds,
          connection_timeout: db.connectionTimeoutSeconds,
          sqlalchemy: { pool_size: db.poolSize, max_overflow: db.maxOverflow },
        },
      },
      testing: { unit_test_mode: settings.testMode },
    });
  });
  route({ method: 'get', path: '/admin/storage', summary: 'Read Server Default Result Storage', tags: ['Admin'], response: { status: 200, schema: ServerDefaultResultStorage } }, async ({ res }) => {
    const stored = await database.repositories.configuration.read(DEFAULT_RESULT_STORAGE_KEY);
    res.json({ default_result_storage_block_id: stored?.['default_result_storage_block_id'] ?? null });
  });
  route({ method: 'get', path: '/csrf-token', summary: 'Create Csrf Token', tags: ['Root'], query: CsrfQuery, response: { status: 200, schema: CsrfToken } }, async ({ query: { client }, res }) => {
    if (!settings.api.csrfProtectionEnabled) throw new HttpError(422, { detail: 'CSRF protection is disabled.' });
    const expiration = timestampFromDate(new Date(Date.now() + settings.api.csrfTokenExpirationSeconds * 1000));
    const token = await database.repositories.csrfTokens.upsert(client, randomBytes(32).toString('hex'), expiration);
    await database.repositories.csrfTokens.deleteExpired(nowTimestamp());
    res.json(token);
  });
}

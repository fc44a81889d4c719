// The HTTP layer: Prefect's version header check, basic auth, CSRF, CORS, error bodies and
// the root-level ui-settings.
import test from 'ava';
import { startTestApi } from '../helpers/api-server.ts';

test('serves version, admin version and ui-settings as Prefect does', async (t) => {
  const server = await startTestApi();
  try {
    t.deepEqual((await server.request('GET', '/version')).body, '0.8.4');
    t.deepEqual((await server.request('GET', '/admin/version')).body, '3.9.1');
    const ui = await server.request('GET', `${server.server.url}/ui-settings`);
    t.like(ui.body, { api_url: `${server.api}`, csrf_enabled: false, auth: null, flags: [] });
    const settings = await server.request('GET', '/admin/settings');
    t.like(settings.body, { server: { database: { connection_url: '********' }, api: { auth_string: null, default_limit: 200 } } });
  } finally {
    await server.close();
  }
});

test('rejects malformed and outdated X-PREFECT-API-VERSION headers with 400', async (t) => {
  const server = await startTestApi();
  try {
    t.is((await server.request('GET', '/health', undefined, { 'x-prefect-api-version': '0.8.4' })).status, 200);
    t.deepEqual(await server.request('GET', '/health', undefined, { 'x-prefect-api-version': 'banana' }).then((r) => [r.status, r.body]), [
      400,
      { detail: "Invalid X-PREFECT-API-VERSION header format.Expected header in format 'x.y.z' but received banana" },
    ]);
    t.deepEqual(await server.request('GET', '/health', undefined, { 'x-prefect-api-version': '0.7.9' }).then((r) => [r.status, r.body]), [
      400,
      { detail: 'The request specified API version 0.7.9 but this server requires version 0.8.0 or higher.' },
    ]);
  } finally {
    await server.close();
  }
});

test('with an auth string, requires basic auth except on health and ready probes', async (t) => {
  const server = await startTestApi('sqlite-file', { PREFECT_SERVER_API_AUTH_STRING: 'admin:s3cret' });
  const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });
  try {
    t.is((await server.request('GET', '/health')).status, 200);
    t.is((await server.request('GET', '/ready')).status, 200);
    t.deepEqual(await server.request('GET', '/version').then((r) => [r.status, r.body]), [401, { exception_message: 'Unauthorized' }]);
    t.is((await server.request('GET', '/version', undefined, basic('admin:wrong'))).status, 401);
    t.is((await server.request('GET', '/version', undefined, { authorization: 'Bearer x' })).status, 401);
    t.is((await server.request('GET', '/version', undefined, basic('admin:s3cret'))).status, 200);
    t.is((await server.request('GET', `${server.server.url}/ui-settings`)).body && ((await server.request('GET', `${server.server.url}/ui-settings`)).body as { auth: string }).auth, 'BASIC');
  } finally {
    await server.close();
  }
});

test('with CSRF protection on, state-changing requests need the client\'s current token', async (t) => {
  const server = await startTestApi('sqlite-file', { PREFECT_SERVER_CSRF_PROTECTION_ENABLED: 'true' });
  try {
    t.deepEqual((await server.request('POST', '/health')).body, { detail: 'Missing CSRF token.' });
    t.deepEqual((await server.request('POST', '/health', undefined, { 'prefect-csrf-token': 'x' })).body, { detail: 'Missing client identifier.' });
    const issued = await server.request('GET', '/csrf-token?client=browser-1');
    t.is(issued.status, 200);
    const token = (issued.body as { token: string }).token;
    t.regex(token, /^[0-9a-f]{64}$/);
    const wrong = await server.request('POST', '/health', undefined, { 'prefect-csrf-token': 'nope', 'prefect-csrf-client': 'browser-1' });
    t.deepEqual([wrong.status, wrong.body], [403, { detail: 'Invalid CSRF token or client identifier.' }]);
    // Past CSRF, the POST reaches routing and finds no POST /health: 404, not 403.
    const right = await server.request('POST', '/health', undefined, { 'prefect-csrf-token': token, 'prefect-csrf-client': 'browser-1' });
    t.is(right.status, 404);
    t.is((await server.request('GET', '/health')).status, 200, 'reads need no token');
  } finally {
    await server.close();
  }
});

test('GET /csrf-token is a 422 while CSRF protection is off', async (t) => {
  const server = await startTestApi();
  try {
    t.deepEqual(await server.request('GET', '/csrf-token?client=x').then((r) => [r.status, r.body]), [422, { detail: 'CSRF protection is disabled.' }]);
  } finally {
    await server.close();
  }
});

test('answers CORS preflights from allowed origins only', async (t) => {
  const open = await startTestApi();
  const strict = await startTestApi('sqlite-file', { PREFECT_SERVER_CORS_ALLOWED_ORIGINS: 'https://ui.example' });
  try {
    const pre = (server: typeof open, origin: string) =>
      server.request('OPTIONS', '/flows/filter', undefined, { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
    const anyOrigin = await pre(open, 'https://elsewhere.example');
    t.is(anyOrigin.status, 200);
    t.is(anyOrigin.headers.get('access-control-allow-origin'), '*');
    t.is(anyOrigin.headers.get('access-control-allow-headers'), 'content-type');
    t.is((await pre(strict, 'https://ui.example')).headers.get('access-control-allow-origin'), 'https://ui.example');
    t.is((await pre(strict, 'https://evil.example')).status, 400);
  } finally {
    await open.close();
    await strict.close();
  }
});

test('answers unknown routes with 404 and unparseable JSON with Prefect\'s 422 body', async (t) => {
  const server = await startTestApi();
  try {
    t.deepEqual(await server.request('GET', '/no/such/route').then((r) => [r.status, r.body]), [404, { detail: 'Not Found' }]);
    const bad = await server.request('POST', '/health', '{"name": ');
    t.is(bad.status, 422);
    t.like(bad.body, { exception_message: 'Invalid request received.', request_body: '{"name": ' });
  } finally {
    await server.close();
  }
});

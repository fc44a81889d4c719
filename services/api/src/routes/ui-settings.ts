// GET /ui-settings, served at the root as Prefect's UI app serves it. No UI bundle ships
// with this server, so no UI versions are listed as available.
import { Router } from 'express';
import type { ApiContext } from '../context.ts';

export function uiSettingsRoutes({ settings }: ApiContext, apiUrl: () => string): Router {
  const router = Router();
  router.get('/ui-settings', (_req, res) => {
    res.json({
      api_url: process.env['PREFECT_UI_API_URL'] ?? apiUrl(),
      csrf_enabled: settings.api.csrfProtectionEnabled,
      auth: settings.api.authString === undefined ? null : 'BASIC',
      flags: [],
      default_ui: 'v1',
      available_uis: [],
      v1_base_url: null,
      v2_base_url: null,
    });
  });
  return router;
}

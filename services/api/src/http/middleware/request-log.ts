// One structured log line per request: method, URL, route template, status and duration.
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { routeTemplate } from '../route-template.ts';

export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, url: req.originalUrl, route: routeTemplate(req), status: res.statusCode, ms: Math.round(ms * 100) / 100 }, 'request');
    });
    next();
  };
}

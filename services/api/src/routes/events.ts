// /events: batches over HTTP, filtered reads with page tokens, and counts by event,
// resource or time bucket.
import { z } from 'zod';
import { EventSchema, receiveEvents } from '@prefect-server-ts/events';
import { Countable, EventCount, EventFilter, EventPage, EventsCountBody, EventsFilterBody, serializeEvent } from '@prefect-server-ts/schemas';
import type { Request } from 'express';
import { addSeconds } from '@prefect-server-ts/storage';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../http/http-error.ts';
import type { RouteDeclarer } from '../http/route.ts';

const tags = ['Events'];
const UNIT_SECONDS = { week: 604_800, day: 86_400, hour: 3_600, minute: 60, second: 1 } as const;

interface PageToken {
  readonly filter: EventFilter;
  readonly limit: number;
  readonly offset: number;
}

const encodeToken = (token: PageToken) => Buffer.from(JSON.stringify(token)).toString('base64url');

function decodeToken(text: string): PageToken {
  try {
    const raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageToken;
    return { filter: EventFilter.parse(raw.filter), limit: z.int().min(0).max(50).parse(raw.limit), offset: z.int().min(0).parse(raw.offset) };
  } catch {
    throw new HttpError(403, { detail: 'Invalid page token' });
  }
}


export function eventRoutes({ database }: ApiContext, route: RouteDeclarer): void {
  const events = () => database.repositories.events;

  async function page(req: Request, token: PageToken) {
    const { events: found, total } = await events().list(token.filter, { limit: token.limit, offset: token.offset });
    const nextOffset = token.offset + found.length;
    const next = nextOffset < total && found.length > 0 ? encodeToken({ ...token, offset: nextOffset }) : null;
    return {
      events: found.map(serializeEvent),
      total,
      next_page: next && `${req.protocol}://${req.get('host')}${req.baseUrl}/events/filter/next?page-token=${next}`,
    };
  }

  route({ method: 'post', path: '/events', summary: 'Create Events', tags, body: z.array(EventSchema), response: { status: 204 } }, async ({ body, res }) => {
    await receiveEvents(database, body);
    res.status(204).end();
  });
  route({ method: 'post', path: '/events/filter', summary: 'Read Events', tags, body: EventsFilterBody, response: { status: 200, schema: EventPage } }, async ({ body, req, res }) => {
    res.json(await page(req, { filter: body.filter ?? EventFilter.parse({}), limit: body.limit, offset: 0 }));
  });
  route(
    { method: 'get', path: '/events/filter/next', summary: 'Read Account Events Page', tags, query: z.object({ 'page-token': z.string() }), response: { status: 200, schema: EventPage } },
    async ({ query, req, res }) => {
      res.json(await page(req, decodeToken(query['page-token'])));
    },
  );
  route(
    { method: 'post', path: '/events/count-by/:countable', summary: 'Count Account Events', tags, params: z.object({ countable: Countable }), body: EventsCountBody, response: { status: 200, schema: z.array(EventCount) } },
    async ({ params: { countable }, body: { filter, time_unit, time_interval }, res }) => {
      if (countable === 'event' || countable === 'resource') {
        const rows = await events().countBy(countable, filter);
        res.json(rows.map((row) => ({ value: row.value, label: row.value, count: row.count, start_time: row.start_time, end_time: row.end_time })));
        return;
      }
      const bucketSeconds = countable === 'day' ? UNIT_SECONDS.day : UNIT_SECONDS[time_unit] * time_interval;
      const rows = await events().countBy({ bucketSeconds }, filter);
      res.json(
        rows.map((row) => {
          const start = addSeconds(filter.occurred.since, Number(row.value) * bucketSeconds);
          return { value: start, label: start, count: row.count, start_time: start, end_time: addSeconds(start, bucketSeconds) };
        }),
      );
    },
  );
}

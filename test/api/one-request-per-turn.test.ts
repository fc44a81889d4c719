// oneRequestPerTurn: queued requests start in arrival order, one per turn of the event loop,
// so that the I/O of each turn (libuv accepts one new connection per turn) comes in between.
import test from 'ava';
import type { NextFunction, Request, Response } from 'express';
import { oneRequestPerTurn } from '../../services/api/src/http/middleware/one-request-per-turn.ts';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('three requests queued in one turn start one per turn, in arrival order', async (t) => {
  const admit = oneRequestPerTurn();
  const started: string[] = [];
  for (const name of ['a', 'b', 'c']) admit({} as Request, {} as Response, (() => started.push(name)) as NextFunction);
  t.deepEqual(started, [], 'nothing starts in the turn it arrives in');
  await turn();
  t.deepEqual(started, ['a']);
  await turn();
  t.deepEqual(started, ['a', 'b']);
  await turn();
  t.deepEqual(started, ['a', 'b', 'c']);
});

test('after the queue drains, a new request starts on the next turn', async (t) => {
  const admit = oneRequestPerTurn();
  const started: string[] = [];
  admit({} as Request, {} as Response, (() => started.push('first')) as NextFunction);
  await turn();
  await turn();
  admit({} as Request, {} as Response, (() => started.push('later')) as NextFunction);
  await turn();
  t.deepEqual(started, ['first', 'later']);
});

test('a request queued while another is starting starts on the next turn, and only once', async (t) => {
  const admit = oneRequestPerTurn();
  const started: string[] = [];
  const second = (() => started.push('second')) as NextFunction;
  admit({} as Request, {} as Response, (() => {
    started.push('first');
    admit({} as Request, {} as Response, second);
  }) as NextFunction);
  await turn();
  t.deepEqual(started, ['first']);
  await turn();
  await turn();
  t.deepEqual(started, ['first', 'second']);
});

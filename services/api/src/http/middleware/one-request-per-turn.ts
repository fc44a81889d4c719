// Starts at most one request per turn of the event loop, in arrival order. libuv accepts one
// new connection per turn (libuv/libuv#3696), and a request read in a turn used to run in that
// turn: on SQLite, whose statements run on the event loop, 25 busy connections made a turn last
// 300 ms, and a client that had just connected waited a turn per connection ahead of it, up to
// 5 s with 32 clients, while the connections already accepted were served again and again.
// Started one per turn, requests cost a turn each, and a new connection waits for its place in
// the queue rather than for every accepted connection to be served first.
import type { RequestHandler } from 'express';

export function oneRequestPerTurn(): RequestHandler {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  // Scheduled from a setImmediate callback, the next start runs in the next turn, after its I/O.
  const schedule = () => {
    if (scheduled || waiting.length === 0) return;
    scheduled = true;
    setImmediate(startNext);
  };
  // express's next() never throws: the layers it calls catch what their handlers throw.
  const startNext = () => {
    scheduled = false;
    waiting.shift()!();
    schedule();
  };
  return (_req, _res, next) => {
    waiting.push(next);
    schedule();
  };
}

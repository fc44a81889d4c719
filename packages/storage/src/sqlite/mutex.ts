// A FIFO lock for async work. SQLite allows one writer per file; queueing writers here,
// inside the process, means the server never waits on (or reports) "database is locked"
// for its own connections.

export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  get waiting(): number {
    return this.#waiting;
  }

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    this.#waiting += 1;
    const result = this.#tail.then(() => {
      this.#waiting -= 1;
      return fn();
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

// Errors the port raises, so that callers never need to know a driver's error codes.

/** A unique constraint rejected a write (a second variable with the same name, say). */
export class UniqueViolationError extends Error {
  readonly constraint: string | undefined;
  constructor(message: string, constraint?: string) {
    super(message);
    this.name = 'UniqueViolationError';
    this.constraint = constraint;
  }
}

/** A write named a row that does not exist (a flow run for an unknown flow, say). */
export class ForeignKeyViolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForeignKeyViolationError';
  }
}

/** The database cannot be reached, or stopped answering. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The schema cannot be used or migrated as asked; the message says why and what to do. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

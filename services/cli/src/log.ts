// The process logger: JSON lines on stdout (pino), as log collectors expect.
import { pino } from 'pino';

export const log = pino({ name: 'prefect-server-ts', level: process.env['PREFECT_LOGGING_SERVER_LEVEL']?.toLowerCase() ?? 'info' });

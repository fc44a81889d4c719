// Announcing stored rows to listeners on the database: their ids, comma-separated, in as few
// notifications as fit under Postgres's NOTIFY payload limit (listeners read the rows).
import { MAX_NOTIFICATION_BYTES, type NotificationChannel } from '../port/notifications.ts';
import type { Executor } from '../sql/executor.ts';

/** Comma-separated ids, as few payloads as fit under the NOTIFY limit. */
export function idPayloads(ids: readonly string[]): string[] {
  const payloads: string[] = [];
  let current = '';
  for (const id of ids) {
    if (current !== '' && current.length + 1 + id.length > MAX_NOTIFICATION_BYTES) {
      payloads.push(current);
      current = '';
    }
    current = current === '' ? id : `${current},${id}`;
  }
  if (current !== '') payloads.push(current);
  return payloads;
}

export async function announceIds(executor: Executor, channel: NotificationChannel, ids: readonly string[]): Promise<void> {
  for (const payload of idPayloads(ids)) await executor.notify(channel, payload);
}

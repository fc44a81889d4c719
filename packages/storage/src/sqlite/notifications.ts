// Notifications on SQLite: one node, so they never leave the process. Each handler hears a
// payload on a later turn of the event loop, so a slow or failing handler never holds up
// the writer that published it.
import type { NotificationChannel, NotificationHandlers, NotificationSubscription } from '../port/notifications.ts';

export class LocalNotifications {
  private readonly handlers = new Map<NotificationChannel, Set<NotificationHandlers>>();

  publish(channel: NotificationChannel, payload: string): void {
    for (const handler of this.handlers.get(channel) ?? []) setImmediate(() => handler.message(payload));
  }

  listen(channel: NotificationChannel, handlers: NotificationHandlers): NotificationSubscription {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    // A handler object may be registered twice; each registration is its own subscription.
    const registration: NotificationHandlers = { ...handlers };
    set.add(registration);
    return {
      close: async () => {
        set.delete(registration);
      },
    };
  }
}

/** A notification held by a transaction until it commits. */
export interface PendingNotification {
  readonly channel: NotificationChannel;
  readonly payload: string;
}

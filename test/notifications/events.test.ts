import { describe, expect, it, vi } from 'vitest';
import { print } from 'graphql';
import {
  AddWaiverCommentDocument,
  InviteWaiverCollaboratorDocument,
  MarkAllNotificationsReadDocument,
  NotificationEventsDocument,
  type NotificationEventsSubscription,
} from '../generated/graphql';
import { notificationEventsTopic } from '../../src/modules/notifications/notification.events';
import { useTestHub } from '../helpers/hub';
import { waiverFactories } from '../waivers/factories';

const t = useTestHub();

type Event = NotificationEventsSubscription['notificationEvents'];

/** Follows the inbox of the token's person over a real WebSocket; `next(n)` resolves with the first n events. */
function follow(token: string) {
  const events: Event[] = [];
  const waiting: Array<() => void> = [];
  const stop = t.ws(token).subscribe<NotificationEventsSubscription>(
    { query: print(NotificationEventsDocument) },
    {
      next: (value) => {
        if (value.data) events.push(value.data.notificationEvents);
        for (const wake of waiting.splice(0)) wake();
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  const next = (count: number) =>
    new Promise<Event[]>((resolve) => {
      const check = () => (events.length >= count ? resolve(events.slice(0, count)) : waiting.push(check));
      check();
    });
  return { events, next, stop };
}

/** Resolves once a subscription to the person's inbox is registered on the hub's bus: what is published from then on reaches it. */
async function listening(userId: string): Promise<void> {
  await vi.waitFor(() => expect(t.hub.bus.channels.count(notificationEventsTopic.channel(userId))).toBeGreaterThan(0), { timeout: 10_000 });
}

describe('Subscription.notificationEvents', () => {
  it("carries a new thread's activity and the unread count to the recipient's other tabs, then the read", async () => {
    const make = waiverFactories(t);
    const waiver = await make.buildWaiver();
    const author = await make.buildPerson();
    await t.data(
      InviteWaiverCollaboratorDocument,
      { input: { waiverRequestId: waiver.id, email: author.email, role: 'AUTHOR' } },
      { token: waiver.lead.owner.token },
    );
    const tab = follow(waiver.lead.owner.token);
    const authorTab = follow(author.token);
    // Both live (a subscription has no acknowledgement: wait for the hub to hold it), then an unrelated read of the author's.
    await listening(waiver.lead.owner.user.id);
    await listening(author.user.id);
    await t.data(MarkAllNotificationsReadDocument, { before: new Date().toISOString() }, { token: author.token });
    await authorTab.next(1);
    await t.data(MarkAllNotificationsReadDocument, { before: new Date().toISOString() }, { token: waiver.lead.owner.token });

    await t.data(AddWaiverCommentDocument, { input: { sectionId: waiver.sections[0].id, body: 'A question for the lead.' } }, { token: author.token });
    const [added] = await tab.next(1);
    expect(added).toMatchObject({ type: 'NEW_ACTIVITY', unreadNotificationCount: 1, notification: { kind: 'WAIVER_COMMENT', unreadCount: 1 } });

    await t.data(MarkAllNotificationsReadDocument, { before: new Date().toISOString() }, { token: waiver.lead.owner.token });
    const [, read] = await tab.next(2);
    expect(read).toMatchObject({ type: 'READ', unreadNotificationCount: 0, notification: null });
    // The author's own comment reached no tab of theirs.
    expect(authorTab.events.map((event) => event.type)).toEqual(['READ']);
    tab.stop();
    authorTab.stop();
  });

  it('refuses anonymous sockets', async () => {
    const result = await new Promise<unknown>((resolve) => {
      t.ws().subscribe({ query: print(NotificationEventsDocument) }, { next: resolve, error: resolve, complete: () => resolve(null) });
    });
    expect(JSON.stringify(result)).toContain('UNAUTHENTICATED');
  });
});

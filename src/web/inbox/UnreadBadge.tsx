/**
 * The header's link to the inbox with the unread count: read once, then kept
 * current by `notificationEvents` (a thread's activity, or threads read in
 * any tab). The count is announced politely; the badge hides at zero.
 */
import { useEffect, useState } from 'react';
import { NavLink } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { WebNotificationEventsDocument, WebUnreadCountDocument } from '../generated/graphql';

export function UnreadBadge() {
  const [{ data }] = useQuery({ query: WebUnreadCountDocument, requestPolicy: 'cache-and-network' });
  const [{ data: event }] = useSubscription({ query: WebNotificationEventsDocument });
  const [count, setCount] = useState(0);
  // Whichever arrived last is the current count.
  useEffect(() => {
    if (data?.viewer) setCount(data.viewer.unreadNotificationCount);
  }, [data]);
  useEffect(() => {
    if (event) setCount(event.notificationEvents.unreadNotificationCount);
  }, [event]);

  return (
    <>
      <NavLink to="/inbox" className="inbox-link">
        Inbox
        {count > 0 && (
          <span className="badge" data-testid="unread-badge">
            {count}
            <span className="visually-hidden"> unread</span>
          </span>
        )}
      </NavLink>
      <span className="visually-hidden" role="status" aria-live="polite">
        {count > 0 ? `${count} unread ${count === 1 ? 'notification' : 'notifications'}` : ''}
      </span>
    </>
  );
}

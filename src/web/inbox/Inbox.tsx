/**
 * The inbox: one thread per subject, latest activity first, kept current by
 * `notificationEvents`; mark one read or all that are shown.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import {
  WebInboxDocument,
  WebMarkAllNotificationsReadDocument,
  WebMarkNotificationReadDocument,
  WebNotificationEventsDocument,
  type WebNotificationFragment,
} from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { Empty, ErrorMessage, Loading, SignInPrompt } from '../shell/states';
import { useTitle } from '../shell/title';
import { ago, kindLabel, subjectPath } from './subject';

const PAGE = 20;

function Thread({ notification, onRead, busy }: { notification: WebNotificationFragment; onRead: () => void; busy: boolean }) {
  const path = subjectPath(notification.subjectId);
  const headingId = `thread-${notification.id}`;
  const actors = notification.actors.map((actor) => actor.displayName).join(', ');
  return (
    <li className={notification.unread ? 'thread unread' : 'thread'}>
      <article aria-labelledby={headingId}>
        <h2 id={headingId}>{path ? <Link to={path}>{notification.title}</Link> : notification.title}</h2>
        <p>{notification.text}</p>
        <p className="meta">
          {kindLabel(notification.kind)}
          {actors && <> · by {actors}</>} · <time dateTime={notification.latestAt}>{ago(notification.latestAt)}</time> ·{' '}
          {notification.unread ? (
            <strong>{notification.unreadCount} unread</strong>
          ) : (
            `${notification.activityCount} ${notification.activityCount === 1 ? 'activity' : 'activities'}, read`
          )}
        </p>
        {notification.unread && (
          <button type="button" className="secondary" onClick={onRead} disabled={busy} aria-label={`Mark read: ${notification.title}`}>
            Mark read
          </button>
        )}
      </article>
    </li>
  );
}

function Threads() {
  const [first, setFirst] = useState(PAGE);
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebInboxDocument, variables: { first }, requestPolicy: 'cache-and-network' });
  const [{ data: event }] = useSubscription({ query: WebNotificationEventsDocument });
  const [marking, markRead] = useMutation(WebMarkNotificationReadDocument);
  const [markingAll, markAllRead] = useMutation(WebMarkAllNotificationsReadDocument);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<typeof error>();

  // New activity (or a read in another tab) reorders the list: read it again.
  useEffect(() => {
    if (event) refetch({ requestPolicy: 'network-only' });
  }, [event, refetch]);

  if (fetching && !data) return <Loading what="your inbox" />;
  if (error && !data) return <ErrorMessage error={error} />;
  const viewer = data?.viewer;
  if (!viewer) return <SignInPrompt what="your inbox" />;
  const threads = viewer.notifications.edges.map((edge) => edge.node);
  const unread = viewer.unreadNotificationCount;

  const readOne = async (notification: WebNotificationFragment) => {
    const outcome = await markRead({ id: notification.id });
    setFailure(outcome.error);
    if (!outcome.error) setStatus(`Marked read: ${notification.title}.`);
    refetch({ requestPolicy: 'network-only' });
  };
  const readAll = async () => {
    // What you have seen: every thread up to the latest one shown (to the end of its millisecond:
    // the hub keeps finer times than the milliseconds it sends).
    const latest = Math.max(...threads.map((thread) => new Date(thread.latestAt).getTime()));
    const before = new Date(latest + 1).toISOString();
    const outcome = await markAllRead({ before });
    setFailure(outcome.error);
    if (outcome.data) {
      const marked = outcome.data.markAllNotificationsRead.marked;
      setStatus(`Marked ${marked} ${marked === 1 ? 'thread' : 'threads'} read.`);
    }
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <>
      <div className="toolbar">
        <p>
          {unread === 0 ? 'Nothing unread.' : `${unread} unread ${unread === 1 ? 'thread' : 'threads'}`} · {viewer.notifications.totalCount} in all
        </p>
        {unread > 0 && (
          <button type="button" onClick={readAll} disabled={markingAll.fetching}>
            Mark all read
          </button>
        )}
      </div>
      <p className="confirmation" role="status" aria-live="polite">
        {status}
      </p>
      {failure && <ErrorMessage error={failure} />}
      {threads.length === 0 ? (
        <Empty>Your inbox is empty: activity on waiver requests, partnerships, applications and modules in your plan shows here.</Empty>
      ) : (
        <ul className="threads">
          {threads.map((notification) => (
            <Thread key={notification.id} notification={notification} busy={marking.fetching} onRead={() => void readOne(notification)} />
          ))}
        </ul>
      )}
      {viewer.notifications.pageInfo.hasNextPage && first < 100 && (
        <button type="button" className="secondary" onClick={() => setFirst((n) => Math.min(n + PAGE, 100))}>
          Show more
        </button>
      )}
    </>
  );
}

export default function Inbox() {
  useTitle('Inbox');
  const auth = useAuth();
  return (
    <>
      <h1>Inbox</h1>
      <p>
        <Link to="/inbox/settings">Notification settings</Link>
      </p>
      {auth.token ? <Threads /> : <SignInPrompt what="your inbox" />}
    </>
  );
}

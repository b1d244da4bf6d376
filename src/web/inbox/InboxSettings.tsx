/** How each kind of notification reaches you: in the inbox or not, and by email (none, right away, or a digest). */
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { WebNotificationSettingsDocument, WebSetNotificationSettingsDocument, type EmailDelivery, type NotificationKind } from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { ErrorMessage, Loading, SignInPrompt } from '../shell/states';
import { useTitle } from '../shell/title';
import { EMAIL_DELIVERIES, kindLabel } from './subject';

interface Choice {
  kind: NotificationKind;
  inApp: boolean;
  email: EmailDelivery;
}

function SettingsForm() {
  const [{ data, fetching, error }] = useQuery({ query: WebNotificationSettingsDocument, requestPolicy: 'network-only' });
  const [saving, save] = useMutation(WebSetNotificationSettingsDocument);
  const [choices, setChoices] = useState<Choice[]>([]);
  const [saved, setSaved] = useState('');

  useEffect(() => {
    if (data) setChoices(data.notificationSettings.map(({ kind, inApp, email }) => ({ kind, inApp, email })));
  }, [data]);

  if (fetching && !data) return <Loading what="your notification settings" />;
  if (error && !data) return <ErrorMessage error={error} />;
  if (!data?.viewer) return <SignInPrompt what="your notification settings" />;

  const change = (kind: NotificationKind, patch: Partial<Choice>) => {
    setSaved('');
    setChoices((all) => all.map((choice) => (choice.kind === kind ? { ...choice, ...patch } : choice)));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await save({ input: { settings: choices } });
    if (outcome.data) {
      setChoices(outcome.data.setNotificationSettings.map(({ kind, inApp, email }) => ({ kind, inApp, email })));
      setSaved('Settings saved.');
    }
  };

  return (
    <form onSubmit={submit}>
      <table className="settings">
        <caption className="visually-hidden">How each kind of notification reaches you</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">In the inbox</th>
            <th scope="col">By email</th>
          </tr>
        </thead>
        <tbody>
          {choices.map((choice) => (
            <tr key={choice.kind}>
              <th scope="row" id={`kind-${choice.kind}`}>
                {kindLabel(choice.kind)}
              </th>
              <td>
                <label>
                  <input type="checkbox" checked={choice.inApp} onChange={(e) => change(choice.kind, { inApp: e.target.checked })} />{' '}
                  <span className="visually-hidden">{kindLabel(choice.kind)}: </span>show in the inbox
                </label>
              </td>
              <td>
                <label className="visually-hidden" htmlFor={`email-${choice.kind}`}>
                  {kindLabel(choice.kind)}: email
                </label>
                <select id={`email-${choice.kind}`} value={choice.email} onChange={(e) => change(choice.kind, { email: e.target.value as EmailDelivery })}>
                  {EMAIL_DELIVERIES.map((delivery) => (
                    <option key={delivery.value} value={delivery.value}>
                      {delivery.label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {saving.error && <ErrorMessage error={saving.error} />}
      <p>
        <button type="submit" disabled={saving.fetching}>
          Save settings
        </button>{' '}
        <span role="status" aria-live="polite" className="confirmation">
          {saved}
        </span>
      </p>
    </form>
  );
}

export default function InboxSettings() {
  useTitle('Notification settings');
  const auth = useAuth();
  return (
    <>
      <h1>Notification settings</h1>
      <p>
        <Link to="/inbox">Back to the inbox</Link>
      </p>
      {auth.token ? <SettingsForm /> : <SignInPrompt what="your notification settings" />}
    </>
  );
}

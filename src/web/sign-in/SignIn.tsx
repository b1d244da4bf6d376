/**
 * Sign-in. In development (the hub signs with its printed dev secret) the hub
 * offers `GET /dev/users` and `POST /dev/token`: pick a demo person or type an
 * email. Elsewhere those endpoints do not exist and the page says so.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from '../shell/auth';
import { Loading } from '../shell/states';
import { useTitle } from '../shell/title';
import { oidcSettings } from './oidc-settings';

interface DemoUser {
  email: string;
  displayName: string;
  about: string;
}

type Offer = { state: 'loading' } | { state: 'dev'; users: DemoUser[] } | { state: 'none' };

export default function SignIn() {
  useTitle('Sign in');
  const auth = useAuth();
  const navigate = useNavigate();
  const [offer, setOffer] = useState<Offer>({ state: 'loading' });
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const oidc = oidcSettings();

  const signInWithProvider = async () => {
    if (!oidc) return;
    setBusy(true);
    setProblem(null);
    try {
      const { startOidcSignIn } = await import('./oidc');
      await startOidcSignIn(oidc);
    } catch (error) {
      setProblem(`The identity provider could not be reached: ${(error as Error).message}`);
      setBusy(false);
    }
  };

  useEffect(() => {
    let live = true;
    fetch('/dev/users', { headers: { accept: 'application/json' } })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const body = (await response.json()) as { users: DemoUser[] };
        if (live) setOffer({ state: 'dev', users: body.users });
      })
      .catch(() => live && setOffer({ state: 'none' }));
    return () => {
      live = false;
    };
  }, []);

  async function signInAs(address: string) {
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: address }) });
      const body = (await response.json()) as { token?: string; errors?: Array<{ message: string }> };
      if (!response.ok || !body.token) throw new Error(body.errors?.[0]?.message ?? `The hub answered ${response.status}`);
      const back = auth.takeReturnPath();
      auth.signIn(body.token);
      navigate(back);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signInAs(email);
  };

  return (
    <>
      <h1>Sign in</h1>
      {auth.expired && (
        <p className="notice" role="alert">
          Your session has ended. Sign in again to go on where you were: what you had typed is kept.
        </p>
      )}
      {oidc && (
        <p>
          <button type="button" disabled={busy} onClick={() => void signInWithProvider()}>
            Sign in with your organization's account
          </button>
        </p>
      )}
      {offer.state === 'loading' && <Loading what="the ways to sign in" />}
      {offer.state === 'none' && !oidc && <p>This hub offers no way to sign in from the browser yet: ask its operator to set OIDC_CLIENT_ID.</p>}
      {offer.state === 'none' && problem && (
        <p className="state error" role="alert">
          {problem}
        </p>
      )}
      {offer.state === 'dev' && (
        <>
          <p className="hint">Development hub: sign in as anyone in the network (the hub uses its printed dev secret).</p>
          <form onSubmit={submit} className="inline-form">
            <label htmlFor="sign-in-email">Email</label>
            <input id="sign-in-email" type="email" required value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="email" />
            <button type="submit" disabled={busy}>
              Sign in as this person
            </button>
          </form>
          {problem && (
            <p className="state error" role="alert">
              {problem}
            </p>
          )}
          {offer.users.length > 0 && (
            <>
              <h2>Demo people</h2>
              <ul className="cards">
                {offer.users.map((user) => (
                  <li key={user.email} className="card">
                    <button type="button" className="link-button" disabled={busy} onClick={() => void signInAs(user.email)}>
                      Sign in as {user.displayName}
                    </button>
                    <p className="meta">{user.about}</p>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </>
  );
}

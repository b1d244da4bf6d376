/** Where the OIDC provider sends the browser back: exchange the code (PKCE), keep the access token, go on. */
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../shell/auth';
import { Loading } from '../shell/states';
import { useTitle } from '../shell/title';
import { finishOidcSignIn } from './oidc';
import { oidcSettings } from './oidc-settings';

export default function AuthCallback() {
  useTitle('Signing in');
  const auth = useAuth();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const settings = oidcSettings();
    if (!settings) return setProblem('This hub names no identity provider.');
    finishOidcSignIn(settings).then(
      (token) => {
        const back = auth.takeReturnPath();
        auth.signIn(token);
        navigate(back, { replace: true });
      },
      (error: Error) => setProblem(error.message),
    );
  }, [auth, navigate]);
  if (!problem) return <Loading what="your sign-in" />;
  return (
    <>
      <h1>Sign-in did not complete</h1>
      <p className="state error" role="alert">
        {problem}
      </p>
      <p>
        <Link to="/sign-in">Try again</Link>
      </p>
    </>
  );
}

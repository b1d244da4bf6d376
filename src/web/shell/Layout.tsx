/** The frame of every screen: skip link, header with the main navigation and who is signed in, the page. */
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { UnreadBadge } from '../inbox/UnreadBadge';
import { DeskLinks } from '../review/DeskLinks';
import { useAuth } from './auth';

const SECTIONS = [
  { to: '/', label: 'Home', end: true },
  { to: '/network', label: 'Network' },
  { to: '/learning', label: 'Professional learning' },
  { to: '/b2e', label: 'Real-world learning' },
  { to: '/waivers', label: 'Waivers' },
];

export function Layout() {
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  // A refused token sends the user to sign in (the page they were on is remembered).
  useEffect(() => {
    if (auth.expired && location.pathname !== '/sign-in') navigate('/sign-in');
  }, [auth.expired, location.pathname, navigate]);

  // Moving to another screen moves the focus to it, as a page load would.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          CNZ hub
        </Link>
        <nav aria-label="Main">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} end={section.end}>
                  {section.label}
                </NavLink>
              </li>
            ))}
            {auth.token && <DeskLinks />}
          </ul>
        </nav>
        <div className="account">
          {auth.token ? (
            <>
              <UnreadBadge />
              <span className="who">{auth.email}</span>
              <button
                type="button"
                onClick={() => {
                  auth.signOut();
                  navigate('/');
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <NavLink to="/sign-in">Sign in</NavLink>
          )}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

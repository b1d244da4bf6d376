/**
 * Home: what is waiting for the signed-in person (unread notifications, drafts, plan, waiver requests and
 * zone applications, each opening its page, partnership requests to answer), each with what to do when empty.
 */
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { WebHomeDocument } from '../generated/graphql';
import { useAuth } from '../shell/auth';
import { label } from '../shell/labels';
import { words } from '../applications/words';
import { Empty, ErrorMessage, Loading } from '../shell/states';
import { useTitle } from '../shell/title';
import { subjectPath } from '../inbox/subject';

function Welcome() {
  return (
    <>
      <h1>The Collaborative Network Zone hub</h1>
      <p className="lead">Professional learning for Missouri's educators, real-world learning with businesses, and the network that builds them.</p>
      <ul className="cards">
        <li className="card">
          <h2>
            <Link to="/learning">Find professional learning</Link>
          </h2>
          <p>Modules from colleges and regional centers, by competency, audience and zone.</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/b2e">Find real-world learning</Link>
          </h2>
          <p>Internships, job shadows and client projects offered by businesses.</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/network">Browse the network</Link>
          </h2>
          <p>Districts, colleges, regional centers and businesses in the Innovation Zones.</p>
        </li>
      </ul>
      <p>
        <Link to="/sign-in">Sign in</Link> to see what is waiting for you.
      </p>
    </>
  );
}

function Waiting() {
  const [{ data, fetching, error }] = useQuery({ query: WebHomeDocument, requestPolicy: 'cache-and-network' });
  if (fetching && !data) return <Loading what="what is waiting for you" />;
  if (error && !data) return <ErrorMessage error={error} />;
  const viewer = data?.viewer;
  if (!viewer) return <Welcome />;
  const memberships = viewer.memberships;
  const drafts = memberships.flatMap((m) => m.organization.drafts.edges.map((e) => ({ ...e.node, organization: m.organization.name })));
  const toAnswer = memberships
    .filter((m) => m.role !== 'VIEWER')
    .flatMap((m) => m.organization.toAnswer.edges.map((e) => e.node).filter((p) => p.business.id === m.organization.id));
  const plan = data?.learningPlan?.items.edges.map((e) => e.node) ?? [];
  const waivers = data?.waiverRequests.edges.map((e) => e.node) ?? [];
  const ours = new Set(memberships.map((m) => m.organization.id));
  const applications = (data?.zoneApplications.edges.map((e) => e.node) ?? []).filter((a) => a.teacher?.id === viewer.id || ours.has(a.applicant.id));
  const unread = viewer.unread.edges.map((e) => e.node);

  return (
    <>
      <h1>Welcome, {viewer.displayName}</h1>
      {memberships.length === 0 && <Empty>You are not a member of any organization yet: an owner of yours can add you.</Empty>}
      <div className="grid">
        <section aria-labelledby="unread">
          <h2 id="unread">Unread notifications</h2>
          {unread.length === 0 ? (
            <Empty>Nothing unread.</Empty>
          ) : (
            <ul>
              {unread.map((n) => {
                const path = subjectPath(n.subjectId);
                return (
                  <li key={n.id}>
                    {path ? <Link to={path}>{n.title}</Link> : <strong>{n.title}</strong>}: {n.text} <span className="meta">({n.unreadCount} unread)</span>
                  </li>
                );
              })}
            </ul>
          )}
          <p>
            <Link to="/inbox">Inbox{viewer.unreadNotificationCount > unread.length ? ` (${viewer.unreadNotificationCount} unread)` : ''}</Link>
          </p>
        </section>
        <section aria-labelledby="to-answer">
          <h2 id="to-answer">Partnership requests to answer</h2>
          {toAnswer.length === 0 ? (
            <Empty>No request is waiting for an answer.</Empty>
          ) : (
            <ul>
              {toAnswer.map((p) => (
                <li key={p.id}>
                  {p.district.name} asks for {p.studentCount} seats in <Link to={`/b2e/opportunities/${p.opportunity.id}`}>{p.opportunity.title}</Link>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/b2e/partnerships">All partnerships</Link>
          </p>
        </section>
        <section aria-labelledby="drafts">
          <h2 id="drafts">Module drafts</h2>
          {drafts.length === 0 ? (
            <Empty>No module draft in your organizations.</Empty>
          ) : (
            <ul>
              {drafts.map((d) => (
                <li key={d.id}>
                  <Link to={`/learning/modules/${d.id}`}>{d.title}</Link> <span className="meta">({d.organization})</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="plan">
          <h2 id="plan">In my learning plan</h2>
          {plan.length === 0 ? (
            <Empty>
              Nothing to complete. <Link to="/learning">Find a module</Link>.
            </Empty>
          ) : (
            <ul>
              {plan.map((item) => (
                <li key={item.module.id}>
                  <Link to={`/learning/modules/${item.module.id}`}>{item.module.title}</Link>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/learning/plan">My learning plan</Link>
          </p>
        </section>
        <section aria-labelledby="waivers">
          <h2 id="waivers">Waiver requests I work on</h2>
          {waivers.length === 0 ? (
            <Empty>No waiver request. A System Design Zone district starts one from the waiver requests page.</Empty>
          ) : (
            <ul>
              {waivers.map((w) => (
                <li key={w.id}>
                  <Link to={`/waivers/${w.id}`}>{w.title}</Link>{' '}
                  <span className="meta">
                    ({label(w.status)}
                    {w.viewerRole ? `, ${label(w.viewerRole)}` : ''}, led by {w.leadDistrict.name})
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/waivers">All waiver requests</Link>
          </p>
        </section>
        <section aria-labelledby="applications">
          <h2 id="applications">My zone applications</h2>
          {applications.length === 0 ? (
            <Empty>No zone application. Start one when a zone takes applications.</Empty>
          ) : (
            <ul>
              {applications.map((a) => (
                <li key={a.id}>
                  <Link to={`/applications/${a.id}`}>
                    {a.applicant.name}: {label(a.zone)}, {a.schoolYear}
                  </Link>{' '}
                  <span className="meta">({words(a.status)})</span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/applications">Zone applications</Link>
          </p>
        </section>
      </div>
    </>
  );
}

export default function Home() {
  useTitle('Home');
  const auth = useAuth();
  return auth.token ? <Waiting /> : <Welcome />;
}

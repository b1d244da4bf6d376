/** An organization: zones by school year, members and roles (owners manage them here), modules, opportunities. */
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import {
  WebAddMemberDocument,
  WebMembersDocument,
  WebOrganizationDocument,
  WebRemoveMemberDocument,
  WebSetMemberRoleDocument,
  type MemberRole,
} from '../generated/graphql';
import { label, ROLES } from '../shell/labels';
import { useAuth } from '../shell/auth';
import { Empty, ErrorMessage, Loading, SignInPrompt } from '../shell/states';
import { useStoredState } from '../shell/stored';
import { useTitle } from '../shell/title';

function AddMember({ organizationId, onAdded }: { organizationId: string; onAdded: () => void }) {
  const [form, setForm, clear] = useStoredState(`add-member:${organizationId}`, { email: '', displayName: '', role: 'VIEWER' as MemberRole });
  const [result, addMember] = useMutation(WebAddMemberDocument);
  const [added, setAdded] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await addMember({
      input: { organizationId, email: form.email.trim(), displayName: form.displayName.trim() || undefined, role: form.role },
    });
    if (!outcome.error) {
      setAdded(outcome.data?.addMember.user.displayName ?? form.email);
      clear();
      onAdded();
    }
  };
  return (
    <form className="stacked-form" onSubmit={(event) => void submit(event)} aria-labelledby="add-member-heading">
      <h3 id="add-member-heading">Add a member</h3>
      <div className="field">
        <label htmlFor="member-email">Email</label>
        <input id="member-email" type="email" required value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="member-name">Name (for someone new to the hub)</label>
        <input id="member-name" value={form.displayName} onChange={(event) => setForm({ ...form, displayName: event.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="member-role">Role</label>
        <select id="member-role" value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as MemberRole })}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {label(role)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={result.fetching}>
        Add member
      </button>
      {result.error && <ErrorMessage error={result.error} />}
      {added && !result.error && (
        <p role="status" className="notice">
          {added} is now a member.
        </p>
      )}
    </form>
  );
}

/** Members and roles; an owner changes roles, removes and adds members here. Signed-in viewers only (the API's rule). */
function Members({ slug, organizationId }: { slug: string; organizationId: string }) {
  const auth = useAuth();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebMembersDocument, variables: { slug }, pause: !auth.token });
  const [roleResult, setRole] = useMutation(WebSetMemberRoleDocument);
  const [removeResult, remove] = useMutation(WebRemoveMemberDocument);
  const heading = <h2 id="members-heading">Members{data?.organization ? ` (${data.organization.members.totalCount})` : ''}</h2>;
  if (!auth.token) {
    return (
      <section aria-labelledby="members-heading">
        {heading}
        <SignInPrompt what="who works here" />
      </section>
    );
  }
  if (fetching && !data) return <Loading what="the members" />;
  if (error && !data?.organization) return <ErrorMessage error={error} />;
  const viewerId = data?.viewer?.id;
  const members = data?.organization?.members.edges.map((e) => e.node) ?? [];
  const isOwner = members.some((m) => m.user.id === viewerId && m.role === 'OWNER');
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const memberError: CombinedError | undefined = roleResult.error ?? removeResult.error;
  const organization = { id: organizationId };
  return (
    <section aria-labelledby="members-heading">
      {heading}
      {members.length === 0 ? (
        <Empty>No members yet.</Empty>
      ) : (
        <table>
          <caption className="visually-hidden">Members and their roles</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {isOwner && <th scope="col">Manage</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.user.id}>
                <th scope="row">{m.user.displayName}</th>
                <td>{m.user.email ?? <span className="meta">hidden</span>}</td>
                <td>
                  {isOwner ? (
                    <select
                      aria-label={`Role of ${m.user.displayName}`}
                      value={m.role}
                      onChange={(event) =>
                        void setRole({ input: { organizationId: organization.id, userId: m.user.id, role: event.target.value as MemberRole } }).then(refresh)
                      }
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {label(role)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    label(m.role)
                  )}
                </td>
                {isOwner && (
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void remove({ input: { organizationId: organization.id, userId: m.user.id } }).then(refresh)}
                    >
                      Remove {m.user.displayName}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {memberError && <ErrorMessage error={memberError} />}
      {isOwner && <AddMember organizationId={organization.id} onAdded={refresh} />}
    </section>
  );
}

export default function OrganizationPage() {
  const { slug = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: WebOrganizationDocument, variables: { slug } });
  const organization = data?.organization;
  useTitle(organization?.name ?? 'Organization');
  if (fetching && !data) return <Loading what="the organization" />;
  if (error && !data) return <ErrorMessage error={error} />;
  if (!organization) {
    return (
      <>
        <h1>Organization not found</h1>
        <p>
          No organization has the address “{slug}”. <Link to="/network">Back to the directory</Link>.
        </p>
      </>
    );
  }

  return (
    <>
      <p className="breadcrumb">
        <Link to="/network">Network</Link>
      </p>
      <h1>{organization.name}</h1>
      <p className="meta">
        {label(organization.kind)}
        {organization.region ? ` · ${organization.region} region` : ''}
      </p>
      {organization.description && <p>{organization.description}</p>}

      <section aria-labelledby="zones-heading">
        <h2 id="zones-heading">Zones by school year</h2>
        {organization.zoneMemberships.length === 0 ? (
          <Empty>Not in an Innovation Zone.</Empty>
        ) : (
          <ul>
            {[...organization.zoneMemberships]
              .sort((a, b) => b.schoolYear.localeCompare(a.schoolYear))
              .map((z) => (
                <li key={`${z.zone}-${z.schoolYear}`}>
                  {z.schoolYear}: {label(z.zone)}
                </li>
              ))}
          </ul>
        )}
      </section>

      <Members slug={organization.slug} organizationId={organization.id} />

      <section aria-labelledby="modules-heading">
        <h2 id="modules-heading">Published modules</h2>
        {organization.modules.edges.length === 0 ? (
          <Empty>No published module.</Empty>
        ) : (
          <ul>
            {organization.modules.edges.map(({ node }) => (
              <li key={node.id}>
                <Link to={`/learning/modules/${node.id}`}>{node.title}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="opportunities-heading">
        <h2 id="opportunities-heading">Open opportunities</h2>
        {organization.opportunities.edges.length === 0 ? (
          <Empty>No open opportunity.</Empty>
        ) : (
          <ul>
            {organization.opportunities.edges.map(({ node }) => (
              <li key={node.id}>
                <Link to={`/b2e/opportunities/${node.id}`}>{node.title}</Link> <span className="meta">({node.seatsRemaining} seats left)</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

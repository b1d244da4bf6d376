/**
 * The main navigation's links to the desks, by role: Applications for anyone
 * signed in, the state review desk for state-agency staff, the facilitation
 * desk for the facilitation team.
 */
import { NavLink } from 'react-router';
import { useQuery } from 'urql';
import { WebDeskRolesDocument, WebFacilitationTeamDocument } from '../generated/graphql';
import { useAuth } from '../shell/auth';

export function DeskLinks() {
  const { token } = useAuth();
  const [{ data }] = useQuery({ query: WebDeskRolesDocument, pause: !token });
  const staff = data?.viewer?.memberships.some((m) => m.organization.kind === 'STATE_AGENCY') ?? false;
  // FORBIDDEN for anyone who is neither staff nor on the team: then no link.
  const [{ data: team }] = useQuery({ query: WebFacilitationTeamDocument, pause: !token });
  const facilitator = team?.facilitationTeam.some((member) => member.id === data?.viewer?.id) ?? false;
  return (
    <>
      <li>
        <NavLink to="/applications">Zone applications</NavLink>
      </li>
      {staff && (
        <li>
          <NavLink to="/review">State review</NavLink>
        </li>
      )}
      {facilitator && (
        <li>
          <NavLink to="/facilitation">Facilitation</NavLink>
        </li>
      )}
    </>
  );
}

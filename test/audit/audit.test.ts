import { describe, expect, it } from 'vitest';
import { MemberRole, OrganizationKind } from '../../src/domain/enums';
import { toGlobalId } from '../../src/domain/global-id';
import { factories, unique } from '../factories';
import { tokenFor, useTestHub } from '../helpers/hub';

const t = useTestHub();
const make = factories(t);

const ADD_MEMBER = 'mutation ($input: AddMemberInput!) { addMember(input: $input) { role } }';
const AUDIT = `query ($organizationId: ID, $operation: String) {
  auditEvents(first: 20, organizationId: $organizationId, operation: $operation) {
    totalCount
    edges { node { operation outcome actorEmail targetType targetId organizationId at requestId actor { email } } }
  }
}`;

type AuditPage = { auditEvents: { totalCount: number; edges: Array<{ node: Record<string, unknown> }> } };

describe('the audit trail', () => {
  it('records accepted and refused mutations with actor, operation, target, organization, time and outcome', async () => {
    const { organization, user: owner } = await make.buildMember();
    const editor = await make.buildMember({ organization, role: MemberRole.EDITOR });
    const organizationId = toGlobalId('Organization', organization.id);
    const email = `${unique('new')}@x.example`;

    await t.data(ADD_MEMBER, { input: { organizationId, email, role: 'VIEWER' } }, { token: await tokenFor(owner.email) });
    const refused = await t.request(
      ADD_MEMBER,
      { input: { organizationId, email: `${unique('x')}@x.example`, role: 'OWNER' } },
      { token: await tokenFor(editor.user.email) },
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const page = await t.data<AuditPage, object>(AUDIT, { organizationId }, { token: await tokenFor(owner.email) });
    const events = page.auditEvents.edges.map((e) => e.node);
    expect(events).toHaveLength(2);
    // Newest first.
    expect(events[0]).toMatchObject({ operation: 'addMember', outcome: 'FORBIDDEN', actorEmail: editor.user.email, organizationId });
    expect(events[1]).toMatchObject({
      operation: 'addMember',
      outcome: 'ACCEPTED',
      actorEmail: owner.email,
      actor: { email: owner.email },
      targetType: 'Membership',
      organizationId,
    });
    expect(typeof events[1].targetId).toBe('string');
    expect(new Date(String(events[1].at)).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("is readable by the organization's owners and state-agency members only", async () => {
    const { organization, user: owner } = await make.buildMember();
    const organizationId = toGlobalId('Organization', organization.id);
    await t.data(ADD_MEMBER, { input: { organizationId, email: `${unique('n')}@x.example`, role: 'EDITOR' } }, { token: await tokenFor(owner.email) });

    const editor = await make.buildMember({ organization, role: MemberRole.EDITOR });
    expect((await t.request(AUDIT, { organizationId }, { token: await tokenFor(editor.user.email) })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.request(AUDIT, { organizationId })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // Owners cannot read the whole network's trail.
    expect((await t.request(AUDIT, {}, { token: await tokenFor(owner.email) })).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const state = await make.buildMember({ kind: OrganizationKind.STATE_AGENCY, role: MemberRole.VIEWER });
    const all = await t.data<AuditPage, object>(AUDIT, { operation: 'addMember' }, { token: await tokenFor(state.user.email) });
    expect(all.auditEvents.totalCount).toBeGreaterThan(0);
    const one = await t.data<AuditPage, object>(AUDIT, { organizationId }, { token: await tokenFor(state.user.email) });
    expect(one.auditEvents.totalCount).toBe(1);
  });

  it('cannot be written through the API', async () => {
    const schema = await t.data<{ __schema: { mutationType: { fields: Array<{ name: string }> } } }, object>(
      '{ __schema { mutationType { fields { name } } } }',
    );
    expect(schema.__schema.mutationType.fields.map((f) => f.name).filter((name) => /audit/i.test(name))).toEqual([]);
  });
});

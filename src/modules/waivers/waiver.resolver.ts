/** GraphQL for waiver requests: reading them, districts, collaborators and the review workflow. */
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { can } from '../../auth/policy';
import { Connection, PageArgs, type ConnectionResult } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { accessOf, canRead } from './waiver.access';
import { CollaboratorRole, FROZEN_STATUSES } from './waiver.enums';
import { WaiverRequest } from './waiver.entity';
import {
  AddWaiverDistrictInput,
  CreateWaiverRequestInput,
  DecideWaiverRequestInput,
  InviteWaiverCollaboratorInput,
  RemoveWaiverCollaboratorInput,
  SignOffWaiverRequestInput,
  WaiverCommentsArgs,
  WaiverRequestActionInput,
  WaiverRequestsArgs,
} from './waiver.inputs';
import { collaboratorsOf, districtsOf, requestComments, requestRevisions, sectionsOf, signedTextSnapshotOf, textStateOfRequest } from './waiver.loaders';
import { renderWaiverMarkdown } from './waiver.markdown';
import * as waivers from './waiver.service';
import * as workflow from './waiver-workflow.service';
import { WaiverCollaborator, WaiverDistrict } from './waiver-party.entity';
import { WaiverComment } from './waiver-comment.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';
import { signedTextOf, WaiverSignedText } from './waiver-signed-text';

export const WaiverRequestConnection = Connection(WaiverRequest, 'WaiverRequest');
export const WaiverCommentConnection = Connection(WaiverComment, 'WaiverComment');
export const WaiverRevisionConnection = Connection(WaiverRevision, 'WaiverRevision');

@Resolver(() => WaiverRequest)
export class WaiverRequestResolver {
  @Query(() => WaiverRequest, { nullable: true, description: 'A waiver request; null when absent or not yours to read' })
  waiverRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<WaiverRequest | null> {
    return waivers.findWaiverRequest(ctx, id);
  }

  @Query(() => WaiverRequestConnection, { description: 'Waiver requests you may read, newest first (state-agency staff: every submitted one)' })
  waiverRequests(@Args() args: WaiverRequestsArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<WaiverRequest>> {
    return waivers.listWaiverRequests(ctx, args);
  }

  @FieldResolver(() => Organization)
  leadDistrict(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<Organization> {
    return ctx.loaders.referenced(Organization, request.leadDistrict.id);
  }

  @ListBound(20) // co-signing districts: a few in practice, nothing caps them (the response bounds do)
  @FieldResolver(() => [Organization], { description: 'Every co-signing district, the lead first' })
  districts(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<Organization[]> {
    // The districts' organizations through the link table, in one statement for all requests (the order of districtsOf).
    return ctx.loaders
      .linkedTo(Organization, {
        table: 'waiver_districts',
        parentColumn: 'waiver_request_id',
        childColumn: 'organization_id',
        order: 'l.lead desc, l.created_at asc, l.id asc',
      })
      .load(request.id);
  }

  @ListBound(20) // one per district (see districts)
  @FieldResolver(() => [WaiverDistrict], { description: "Each district's part: lead or co-signer, and its sign-off" })
  signOffs(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<WaiverDistrict[]> {
    return districtsOf(ctx, request.id);
  }

  @FieldResolver(() => String, {
    description: 'Digest of the text (title, sections in order) as this answer gives it: send it to signOffWaiverRequest to sign exactly what you read',
  })
  async textDigest(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<string> {
    return (await textStateOfRequest(ctx, request)).digest;
  }

  @FieldResolver(() => Int, {
    description: "The text's version: up by one with every change of a section's text, title or place (a sign-off's staleSinceVersion counts in it)",
  })
  async textVersion(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<number> {
    return (await textStateOfRequest(ctx, request)).version;
  }

  @ListBound(50) // invited people: nothing caps them (the response bounds do)
  @FieldResolver(() => [WaiverCollaborator])
  collaborators(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<WaiverCollaborator[]> {
    return collaboratorsOf(ctx, request.id);
  }

  @ListBound(50) // the standard sections and those added: nothing caps them (the response bounds do)
  @FieldResolver(() => [WaiverSection], { description: 'In document order' })
  sections(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<WaiverSection[]> {
    return sectionsOf(ctx, request.id);
  }

  @FieldResolver(() => WaiverCommentConnection, { description: 'Comment threads (first comments; replies under each), oldest first' })
  comments(@Root() request: WaiverRequest, @Args() args: WaiverCommentsArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<WaiverComment>> {
    return requestComments(ctx, request.id, args);
  }

  @FieldResolver(() => WaiverRevisionConnection, { description: "Every accepted version of every section's text, newest first" })
  revisions(@Root() request: WaiverRequest, @Args() args: PageArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<WaiverRevision>> {
    return requestRevisions(ctx, request.id, args);
  }

  @FieldResolver(() => User, { nullable: true })
  createdBy(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<User | null> {
    return request.createdBy ? ctx.loaders.byId(User).load(request.createdBy.id) : Promise.resolve(null);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The state-agency member who decided' })
  decidedBy(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<User | null> {
    return request.decidedBy ? ctx.loaders.byId(User).load(request.decidedBy.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Date)
  createdAt(@Root() request: WaiverRequest): Date {
    return request.createdAt;
  }

  @FieldResolver(() => Date, { description: 'Last change to the request itself (districts, workflow); sections carry their own' })
  updatedAt(@Root() request: WaiverRequest): Date {
    return request.updatedAt;
  }

  @FieldResolver(() => CollaboratorRole, { nullable: true, description: 'Your role on this request, if you are a collaborator' })
  async viewerRole(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<CollaboratorRole | null> {
    return ((await accessOf(ctx, request.id))?.collaboratorRole as CollaboratorRole | null) ?? null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may change the text (the text is frozen from SUBMITTED on)' })
  async viewerCanEdit(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<boolean> {
    const access = await accessOf(ctx, request.id);
    return access !== null && can(ctx.viewer, 'waiver.edit', access) && !FROZEN_STATUSES.includes(request.status);
  }

  @FieldResolver(() => String, { description: 'The whole request as Markdown (title, kind, status, districts, sections in order), for submission' })
  async markdown(@Root() request: WaiverRequest, @Ctx() ctx: HubContext): Promise<string> {
    const [districts, sections] = await Promise.all([districtsOf(ctx, request.id), sectionsOf(ctx, request.id)]);
    const organizations = await ctx.loaders.byId(Organization).loadMany(districts.map((d) => d.organization.id));
    return renderWaiverMarkdown({
      request,
      sections,
      districts: districts.map((district, i) => ({ district, organization: organizations[i] as Organization })),
    });
  }

  @Mutation(() => WaiverRequest, { description: 'An OWNER or EDITOR of an SDZ district starts a waiver request with the standard sections, as its LEAD' })
  createWaiverRequest(@Arg('input') input: CreateWaiverRequestInput, @Ctx() ctx: HubContext): Promise<WaiverRequest> {
    return waivers.createWaiverRequest(ctx, input);
  }

  @Mutation(() => WaiverRequest, { description: 'The lead adds another System Design Zone district as co-signer' })
  addWaiverDistrict(@Arg('input') input: AddWaiverDistrictInput, @Ctx() ctx: HubContext): Promise<WaiverRequest> {
    return waivers.addWaiverDistrict(ctx, input);
  }

  @Mutation(() => WaiverCollaborator, { description: 'The lead invites an AUTHOR or REVIEWER by email (again: changes their role)' })
  inviteWaiverCollaborator(@Arg('input') input: InviteWaiverCollaboratorInput, @Ctx() ctx: HubContext): Promise<WaiverCollaborator> {
    return waivers.inviteWaiverCollaborator(ctx, input);
  }

  @Mutation(() => WaiverRequest, { description: 'The lead removes a collaborator; their live subscriptions end' })
  removeWaiverCollaborator(@Arg('input') input: RemoveWaiverCollaboratorInput, @Ctx() ctx: HubContext): Promise<WaiverRequest> {
    return waivers.removeWaiverCollaborator(ctx, input);
  }

  @Mutation(() => WaiverRequest, { description: 'The lead sends a DRAFT to review: IN_REVIEW, ready for sign-offs' })
  startWaiverReview(@Arg('input') input: WaiverRequestActionInput, @Ctx() ctx: HubContext): Promise<WaiverRequest> {
    return workflow.startWaiverReview(ctx, input);
  }

  @Mutation(() => WaiverDistrict, {
    description: 'An OWNER of a co-signing district signs off the current text (IN_REVIEW); a later change needs a new sign-off',
  })
  signOffWaiverRequest(@Arg('input') input: SignOffWaiverRequestInput, @Ctx() ctx: HubContext): Promise<WaiverDistrict> {
    return workflow.signOffWaiverRequest(ctx, input);
  }

  @Mutation(() => WaiverRequest, { description: 'The lead submits to the state agency once every district signed off the current text; the text freezes' })
  submitWaiverRequest(@Arg('input') input: WaiverRequestActionInput, @Ctx() ctx: HubContext): Promise<WaiverRequest> {
    return workflow.submitWaiverRequest(ctx, input);
  }

  @Mutation(() => WaiverRequest, { description: 'The lead withdraws the request before a decision' })
  withdrawWaiverRequest(@Arg('input') input: WaiverRequestActionInput, @Ctx() ctx: HubContext): Promise<WaiverRequest> {
    return workflow.withdrawWaiverRequest(ctx, input);
  }

  @Mutation(() => WaiverRequest, { description: 'State-agency owners and editors approve or deny a submitted request, with a note' })
  decideWaiverRequest(@Arg('input') input: DecideWaiverRequestInput, @Ctx() ctx: HubContext): Promise<WaiverRequest> {
    return workflow.decideWaiverRequest(ctx, input);
  }
}

@Resolver(() => Organization)
export class OrganizationWaiverResolver {
  @FieldResolver(() => WaiverRequestConnection, { description: 'Waiver requests this district signs that you may read, newest first' })
  waiverRequests(@Root() organization: Organization, @Args() args: WaiverRequestsArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<WaiverRequest>> {
    return waivers.listWaiverRequests(ctx, args, organization.id);
  }
}

@Resolver(() => WaiverDistrict)
export class WaiverDistrictResolver {
  @FieldResolver(() => Organization)
  district(@Root() district: WaiverDistrict, @Ctx() ctx: HubContext): Promise<Organization> {
    return ctx.loaders.referenced(Organization, district.organization.id);
  }

  @FieldResolver(() => User, { nullable: true })
  signedOffBy(@Root() district: WaiverDistrict, @Ctx() ctx: HubContext): Promise<User | null> {
    return district.signedOffBy ? ctx.loaders.byId(User).load(district.signedOffBy.id) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the sign-off covers the text now (false when never signed, or when the text changed since)' })
  async current(@Root() district: WaiverDistrict, @Ctx() ctx: HubContext): Promise<boolean> {
    if (!district.signedDigest) return false;
    const request = await ctx.loaders.referenced(WaiverRequest, district.waiverRequest.id);
    return district.signedDigest === (await textStateOfRequest(ctx, request)).digest;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: "The request's textVersion whose change voided the sign-off: the first change after it (null while it is current, or when never signed)",
  })
  async staleSinceVersion(@Root() district: WaiverDistrict, @Ctx() ctx: HubContext): Promise<number | null> {
    if (district.signedTextVersion === null || (await this.current(district, ctx))) return null;
    return district.signedTextVersion + 1;
  }

  @FieldResolver(() => WaiverSignedText, {
    nullable: true,
    description:
      'The exact text this district signed off (title, sections in order), hashing to its textDigest: compare it with the text now to see what changed ' +
      'since. Null when never signed, and for sign-offs made before the hub kept their text (2026-12-02)',
  })
  async signedText(@Root() district: WaiverDistrict, @Ctx() ctx: HubContext): Promise<WaiverSignedText | null> {
    if (!district.signedDigest || district.signedTextVersion === null) return null;
    // The request's text: only for who may read the request (already known for a request read; one batched check otherwise).
    if (!(await canRead(ctx, district.waiverRequest.id))) return null;
    // The row a sign-off just wrote holds its text already; rows read for a query leave the lazy column out.
    const snapshot = district.signedText ?? (await signedTextSnapshotOf(ctx, district.id));
    return snapshot ? signedTextOf(snapshot, district.signedDigest, district.signedTextVersion) : null;
  }
}

@Resolver(() => WaiverCollaborator)
export class WaiverCollaboratorResolver {
  @FieldResolver(() => User)
  user(@Root() collaborator: WaiverCollaborator, @Ctx() ctx: HubContext): Promise<User> {
    return ctx.loaders.referenced(User, collaborator.user.id);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The co-signing district they draft for' })
  district(@Root() collaborator: WaiverCollaborator, @Ctx() ctx: HubContext): Promise<Organization | null> {
    return collaborator.district ? ctx.loaders.byId(Organization).load(collaborator.district.id) : Promise.resolve(null);
  }
}

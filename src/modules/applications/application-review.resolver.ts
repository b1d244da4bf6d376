/** GraphQL for the facilitation team's review, the board resolution, application events and the public cohort. */
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { ListBound } from '../../graphql/limits';
import { Document, DocumentPurpose, attachedDocuments, MAX_DOCUMENTS_PER_TARGET } from '../documents';
import { Organization } from '../organizations/organization.entity';
import { ZoneMembership } from '../organizations/zone-membership.entity';
import { User } from '../users/user.entity';
import { canReadApplication } from './application.access';
import { BOARD_RESOLUTION_TARGET } from './application.documents';
import { ApplicationClarification, ApplicationReviewNote, BoardResolutionRequirement, ZoneApplication } from './application.entity';
import { ApplicationEvent, type ApplicationEventPayload } from './application.events';

import {
  AcceptBoardResolutionInput,
  AnswerApplicationClarificationInput,
  ApplicationNoteInput,
  DecideZoneApplicationInput,
  GrantFacilitationRoleInput,
  RequestApplicationClarificationInput,
  RevokeFacilitationRoleInput,
  SubmitBoardResolutionInput,
  ZoneApplicationRefInput,
  ZoneCohortArgs,
} from './application.inputs';
import * as review from './application-review.service';
import { zoneCohort } from './application-read.service';
import { followApplicationEvents } from './application.subscriptions';
import { ZoneCohort } from './application.types';
import { acceptBoardResolution, isOverdue, submitBoardResolution } from './board-resolution.service';
import { facilitationTeam, grantFacilitationRole, revokeFacilitationRole } from './facilitation-team.service';

const userOrNull = (ctx: HubContext, id: string | undefined) => (id ? ctx.loaders.byId(User).load(id) : Promise.resolve(null));

@Resolver(() => ZoneApplication)
export class ApplicationReviewResolver {
  @Mutation(() => ZoneApplication, { description: 'SUBMITTED -> UNDER_REVIEW: a facilitation team member takes it up' })
  startApplicationReview(@Arg('input') input: ZoneApplicationRefInput, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return review.startApplicationReview(ctx, input);
  }

  @Mutation(() => ApplicationReviewNote, { description: 'A private note for the facilitation team' })
  addApplicationReviewNote(@Arg('input') input: ApplicationNoteInput, @Ctx() ctx: HubContext): Promise<ApplicationReviewNote> {
    return review.addApplicationReviewNote(ctx, input);
  }

  @Mutation(() => ApplicationClarification, { description: 'Asks the applicant for more information: -> NEEDS_CLARIFICATION' })
  requestApplicationClarification(@Arg('input') input: RequestApplicationClarificationInput, @Ctx() ctx: HubContext): Promise<ApplicationClarification> {
    return review.requestApplicationClarification(ctx, input);
  }

  @Mutation(() => ApplicationClarification, { description: 'The applicant answers in the same record: -> UNDER_REVIEW' })
  answerApplicationClarification(@Arg('input') input: AnswerApplicationClarificationInput, @Ctx() ctx: HubContext): Promise<ApplicationClarification> {
    return review.answerApplicationClarification(ctx, input);
  }

  @Mutation(() => ZoneApplication, {
    description: 'SELECTED or NOT_SELECTED, with the zone membership it creates (an SDZ applicant not selected is placed in the ILDZ)',
  })
  decideZoneApplication(@Arg('input') input: DecideZoneApplicationInput, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return review.decideZoneApplication(ctx, input);
  }

  @Mutation(() => User, { description: 'A state-agency OWNER names a person to the facilitation team' })
  grantFacilitationRole(@Arg('input') input: GrantFacilitationRoleInput, @Ctx() ctx: HubContext): Promise<User> {
    return grantFacilitationRole(ctx, input);
  }

  @Mutation(() => User, { description: 'A state-agency OWNER takes a person off the facilitation team' })
  revokeFacilitationRole(@Arg('input') input: RevokeFacilitationRoleInput, @Ctx() ctx: HubContext): Promise<User> {
    return revokeFacilitationRole(ctx, input);
  }

  @Mutation(() => BoardResolutionRequirement, { description: 'The selected district attaches its uploaded board resolution: -> RECEIVED' })
  submitBoardResolution(@Arg('input') input: SubmitBoardResolutionInput, @Ctx() ctx: HubContext): Promise<BoardResolutionRequirement> {
    return submitBoardResolution(ctx, input);
  }

  @Mutation(() => BoardResolutionRequirement, { description: 'The facilitation team accepts a received board resolution: -> ACCEPTED' })
  acceptBoardResolution(@Arg('input') input: AcceptBoardResolutionInput, @Ctx() ctx: HubContext): Promise<BoardResolutionRequirement> {
    return acceptBoardResolution(ctx, input);
  }

  @ListBound(100)
  @Query(() => [User], { description: 'The facilitation team (state-agency staff and the team only)' })
  facilitationTeam(@Ctx() ctx: HubContext): Promise<User[]> {
    return facilitationTeam(ctx);
  }

  @Query(() => ZoneCohort, { description: "A zone's cohort for a school year, counted per DESE supervisory region (public)" })
  async zoneCohort(@Args() args: ZoneCohortArgs, @Ctx() ctx: HubContext): Promise<ZoneCohort> {
    const counts = await zoneCohort(ctx, args.zone, args.schoolYear);
    return Object.assign(new ZoneCohort(), {
      ...counts,
      organizations: counts.regions.reduce((sum, r) => sum + r.organizations, counts.withoutRegion.organizations),
      teachers: counts.regions.reduce((sum, r) => sum + r.teachers, counts.withoutRegion.teachers),
      regionsWithoutMembers: counts.regions.filter((r) => r.organizations + r.teachers === 0).map((r) => r.region),
    });
  }

  @Subscription(() => ApplicationEvent, {
    description:
      "Application events as they commit (submitted, clarification requested and answered, decided, documents received): to the applicant's members and, once submitted, the facilitation team",
    subscribe: ({ args, context }) => followApplicationEvents(context as HubContext, args.applicationId as string | undefined),
  })
  applicationEvents(
    @Root() payload: ApplicationEventPayload,
    @Arg('applicationId', () => ID, { nullable: true, description: "One application's events only" }) _applicationId?: string,
  ): ApplicationEvent {
    return ApplicationEvent.from(payload);
  }
}

@Resolver(() => ApplicationEvent)
export class ApplicationEventResolver {
  @FieldResolver(() => ZoneApplication)
  application(@Root() event: ApplicationEvent, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return ctx.loaders.referenced(ZoneApplication, event.applicationId);
  }

  @FieldResolver(() => User, { nullable: true })
  actor(@Root() event: ApplicationEvent, @Ctx() ctx: HubContext): Promise<User | null> {
    return userOrNull(ctx, event.actorId ?? undefined);
  }
}

@Resolver(() => ApplicationClarification)
export class ApplicationClarificationResolver {
  @FieldResolver(() => Date)
  askedAt(@Root() clarification: ApplicationClarification): Date {
    return clarification.createdAt;
  }

  @FieldResolver(() => User, { nullable: true })
  askedBy(@Root() clarification: ApplicationClarification, @Ctx() ctx: HubContext): Promise<User | null> {
    return userOrNull(ctx, clarification.askedBy?.id);
  }

  @FieldResolver(() => User, { nullable: true })
  answeredBy(@Root() clarification: ApplicationClarification, @Ctx() ctx: HubContext): Promise<User | null> {
    return userOrNull(ctx, clarification.answeredBy?.id);
  }

  @FieldResolver(() => ZoneApplication)
  application(@Root() clarification: ApplicationClarification, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return ctx.loaders.referenced(ZoneApplication, clarification.application.id);
  }
}

@Resolver(() => ApplicationReviewNote)
export class ApplicationReviewNoteResolver {
  @FieldResolver(() => User, { nullable: true })
  author(@Root() note: ApplicationReviewNote, @Ctx() ctx: HubContext): Promise<User | null> {
    return userOrNull(ctx, note.author?.id);
  }

  @FieldResolver(() => Date)
  createdAt(@Root() note: ApplicationReviewNote): Date {
    return note.createdAt;
  }
}

@Resolver(() => ZoneMembership)
export class ZoneMembershipBoardResolutionResolver {
  @FieldResolver(() => BoardResolutionRequirement, {
    nullable: true,
    description: "The board resolution an SDZ selection requires: to the organization's members and the facilitation team (null for anyone else)",
  })
  async boardResolution(@Root() membership: ZoneMembership, @Ctx() ctx: HubContext): Promise<BoardResolutionRequirement | null> {
    const [requirement] = await ctx.loaders.childrenOf(BoardResolutionRequirement, 'zone_membership_id', 't.id asc').load(membership.id);
    if (!requirement) return null;
    const application = await ctx.loaders.referenced(ZoneApplication, requirement.application.id);
    return (await canReadApplication(ctx, application)) ? requirement : null;
  }
}

@Resolver(() => BoardResolutionRequirement)
export class BoardResolutionResolver {
  @FieldResolver(() => Organization)
  district(@Root() requirement: BoardResolutionRequirement, @Ctx() ctx: HubContext): Promise<Organization> {
    return ctx.loaders.referenced(Organization, requirement.organization.id);
  }

  @FieldResolver(() => ZoneApplication)
  application(@Root() requirement: BoardResolutionRequirement, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return ctx.loaders.referenced(ZoneApplication, requirement.application.id);
  }

  @FieldResolver(() => ZoneMembership)
  zoneMembership(@Root() requirement: BoardResolutionRequirement, @Ctx() ctx: HubContext): Promise<ZoneMembership> {
    return ctx.loaders.referenced(ZoneMembership, requirement.zoneMembership.id);
  }

  @FieldResolver(() => Boolean, { description: "Still OUTSTANDING past its due date (by the hub's clock)" })
  overdue(@Root() requirement: BoardResolutionRequirement, @Ctx() ctx: HubContext): boolean {
    return isOverdue(requirement, ctx.clock.now());
  }

  @ListBound(MAX_DOCUMENTS_PER_TARGET)
  @FieldResolver(() => [Document], { description: 'The uploaded resolution' })
  documents(@Root() requirement: BoardResolutionRequirement, @Ctx() ctx: HubContext): Promise<Document[]> {
    return attachedDocuments(ctx, { targetType: BOARD_RESOLUTION_TARGET, targetId: requirement.id, purpose: DocumentPurpose.BOARD_RESOLUTION });
  }
}

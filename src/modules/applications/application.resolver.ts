/** GraphQL for zone applications: windows, the applicant's drafting and submitting, and the application's fields. */
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { Connection, type ConnectionResult } from '../../graphql/connection';
import { ListBound } from '../../graphql/limits';
import { ForbiddenError } from '../../errors';
import { Document, DocumentPurpose, attachedDocuments, MAX_DOCUMENTS_PER_TARGET } from '../documents';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { viewerIsFacilitator } from './application.access';
import { AGREEMENT, COMMITMENTS, zoneName } from './application.content';
import { APPLICATION_TARGET, SECTION_TARGET } from './application.documents';
import {
  ApplicationClarification,
  ApplicationReviewNote,
  ApplicationSection,
  ApplicationWindow,
  BoardResolutionRequirement,
  ZoneApplication,
} from './application.entity';

import {
  AcknowledgeZoneCommitmentsInput,
  ApplicationWindowsArgs,
  AttachApplicationDocumentsInput,
  EditApplicationSectionInput,
  ExtendApplicationWindowInput,
  OpenApplicationWindowInput,
  RateEvidenceOfPracticeInput,
  StartZoneApplicationInput,
  SubmitZoneApplicationInput,
  ZoneApplicationRefInput,
  ZoneApplicationsArgs,
} from './application.inputs';
import * as applications from './application.service';
import { getZoneApplication, listZoneApplications } from './application-read.service';
import { extendApplicationWindow, isOpen, listApplicationWindows, openApplicationWindow } from './application-window.service';
import { ApplicationSectionEditResult, ZoneCommitment } from './application.types';

const ZoneApplicationConnection = Connection(ZoneApplication, 'ZoneApplication');

const userOrNull = (ctx: HubContext, id: string | undefined) => (id ? ctx.loaders.byId(User).load(id) : Promise.resolve(null));

@Resolver(() => ApplicationWindow)
export class ApplicationWindowResolver {
  @FieldResolver(() => Date, { description: 'The deadline in force: the extension when there is one' })
  deadline(@Root() window: ApplicationWindow): Date {
    return window.deadline;
  }

  @FieldResolver(() => Boolean, { description: "Whether it takes applications now (by the hub's clock)" })
  isOpen(@Root() window: ApplicationWindow, @Ctx() ctx: HubContext): boolean {
    return isOpen(window, ctx.clock.now());
  }

  @ListBound(100) // the query's own limit
  @Query(() => [ApplicationWindow], { description: 'Application windows (public), newest school year first (at most 100)' })
  applicationWindows(@Args() args: ApplicationWindowsArgs, @Ctx() ctx: HubContext): Promise<ApplicationWindow[]> {
    return listApplicationWindows(ctx, args);
  }

  @Mutation(() => ApplicationWindow, { description: 'State-agency staff open a zone to applications for a school year' })
  openApplicationWindow(@Arg('input') input: OpenApplicationWindowInput, @Ctx() ctx: HubContext): Promise<ApplicationWindow> {
    return openApplicationWindow(ctx, input);
  }

  @Mutation(() => ApplicationWindow, { description: 'State-agency staff extend the deadline' })
  extendApplicationWindow(@Arg('input') input: ExtendApplicationWindowInput, @Ctx() ctx: HubContext): Promise<ApplicationWindow> {
    return extendApplicationWindow(ctx, input);
  }
}

@Resolver(() => ZoneApplication)
export class ZoneApplicationResolver {
  @FieldResolver(() => Organization, { description: "The applying organization (a teacher's school or district for a teacher's application)" })
  applicant(@Root() application: ZoneApplication, @Ctx() ctx: HubContext): Promise<Organization> {
    return ctx.loaders.referenced(Organization, application.applicant.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The individual teacher applying, for a teacher application (ILDZ)' })
  teacher(@Root() application: ZoneApplication, @Ctx() ctx: HubContext): Promise<User | null> {
    return userOrNull(ctx, application.teacher?.id);
  }

  @FieldResolver(() => ApplicationWindow)
  window(@Root() application: ZoneApplication, @Ctx() ctx: HubContext): Promise<ApplicationWindow> {
    return ctx.loaders.referenced(ApplicationWindow, application.window.id);
  }

  @ListBound(8)
  @FieldResolver(() => [ApplicationSection], { description: 'The Evidence of Practice (SDZ) and narrative answers, in order' })
  sections(@Root() application: ZoneApplication, @Ctx() ctx: HubContext): Promise<ApplicationSection[]> {
    return ctx.loaders.childrenOf(ApplicationSection, 'application_id', 't.position asc, t.id asc').load(application.id);
  }

  @ListBound(10)
  @FieldResolver(() => [ZoneCommitment], { description: "The zone's commitments, verbatim, each acknowledged or not" })
  commitments(@Root() application: ZoneApplication): ZoneCommitment[] {
    const held = new Set(application.acknowledgedCommitments);
    return COMMITMENTS[application.zone].map((c) => Object.assign(new ZoneCommitment(), { ...c, acknowledged: held.has(c.key) }));
  }

  @FieldResolver(() => String, { description: 'What submitting means, stated at submit ("submission of an application serves as agreement to commit")' })
  agreement(@Root() application: ZoneApplication): string {
    return AGREEMENT[application.zone];
  }

  @ListBound(MAX_DOCUMENTS_PER_TARGET)
  @FieldResolver(() => [Document], { description: "The superintendent's signed letter of support (ILDZ: required to submit)" })
  letterOfSupport(@Root() application: ZoneApplication, @Ctx() ctx: HubContext): Promise<Document[]> {
    return attachedDocuments(ctx, { targetType: APPLICATION_TARGET, targetId: application.id, purpose: DocumentPurpose.LETTER_OF_SUPPORT });
  }

  @ListBound(20)
  @FieldResolver(() => [ApplicationClarification], { description: "The facilitation team's questions and the applicant's answers, oldest first" })
  clarifications(@Root() application: ZoneApplication, @Ctx() ctx: HubContext): Promise<ApplicationClarification[]> {
    return ctx.loaders.childrenOf(ApplicationClarification, 'application_id', 't.created_at asc, t.id asc').load(application.id);
  }

  @ListBound(50)
  @FieldResolver(() => [ApplicationReviewNote], { description: 'Private review notes: the facilitation team only (FORBIDDEN to anyone else)' })
  async reviewNotes(@Root() application: ZoneApplication, @Ctx() ctx: HubContext): Promise<ApplicationReviewNote[]> {
    if (!(await viewerIsFacilitator(ctx))) throw new ForbiddenError('Only the facilitation team may read review notes');
    return ctx.loaders.childrenOf(ApplicationReviewNote, 'application_id', 't.created_at asc, t.id asc').load(application.id);
  }

  @FieldResolver(() => BoardResolutionRequirement, { nullable: true, description: 'After an SDZ selection: the board resolution due' })
  async boardResolution(@Root() application: ZoneApplication, @Ctx() ctx: HubContext): Promise<BoardResolutionRequirement | null> {
    const [requirement] = await ctx.loaders.childrenOf(BoardResolutionRequirement, 'application_id', 't.id asc').load(application.id);
    return requirement ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The decision in words, including an automatic ILDZ placement' })
  decisionSummary(@Root() application: ZoneApplication): string | null {
    const { status, zone, placedZone, schoolYear } = application;
    if (status === 'SELECTED') return `Selected for the ${zoneName(zone)} in ${schoolYear}`;
    if (status !== 'NOT_SELECTED') return null;
    if (placedZone && placedZone !== zone)
      return `Not selected for the ${zoneName(zone)}; automatically accepted into the ${zoneName(placedZone)} for ${schoolYear}`;
    return `Not selected for the ${zoneName(zone)} in ${schoolYear}`;
  }

  @FieldResolver(() => Date)
  updatedAt(@Root() application: ZoneApplication): Date {
    return application.updatedAt;
  }

  @Query(() => ZoneApplication, { nullable: true, description: 'An application the viewer may read' })
  zoneApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<ZoneApplication | null> {
    return getZoneApplication(ctx, id);
  }

  @Query(() => ZoneApplicationConnection, {
    description: "Applications the viewer may read: their organizations'; for the facilitation team every submitted one",
  })
  zoneApplications(@Args() args: ZoneApplicationsArgs, @Ctx() ctx: HubContext): Promise<ConnectionResult<ZoneApplication>> {
    return listZoneApplications(ctx, args);
  }

  @Mutation(() => ZoneApplication, { description: "Starts an application while the zone's window is open: one per applicant, zone and school year" })
  startZoneApplication(@Arg('input') input: StartZoneApplicationInput, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return applications.startZoneApplication(ctx, input);
  }

  @Mutation(() => ApplicationSectionEditResult, { description: 'Co-drafts a narrative from baseVersion: applied, merged, unchanged, or a conflict' })
  editApplicationSection(@Arg('input') input: EditApplicationSectionInput, @Ctx() ctx: HubContext): Promise<ApplicationSectionEditResult> {
    return applications
      .editApplicationSection(ctx, input)
      .then((result) =>
        Object.assign(new ApplicationSectionEditResult(), { ...result, conflict: result.conflict && { code: 'CONFLICT', ...result.conflict } }),
      );
  }

  @Mutation(() => ApplicationSection, { description: "Rates one Evidence of Practice (the applicant's own assessment) and sets its links" })
  rateEvidenceOfPractice(@Arg('input') input: RateEvidenceOfPracticeInput, @Ctx() ctx: HubContext): Promise<ApplicationSection> {
    return applications.rateEvidenceOfPractice(ctx, input);
  }

  @Mutation(() => ZoneApplication, { description: "Acknowledges (or takes back) the zone's commitments" })
  acknowledgeZoneCommitments(@Arg('input') input: AcknowledgeZoneCommitmentsInput, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return applications.acknowledgeZoneCommitments(ctx, input);
  }

  @Mutation(() => ZoneApplication, { description: "Attaches uploads: evidence for a section, or the superintendent's letter of support" })
  attachApplicationDocuments(@Arg('input') input: AttachApplicationDocumentsInput, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return applications.attachApplicationDocuments(ctx, input);
  }

  @Mutation(() => ZoneApplication, { description: 'DRAFT -> SUBMITTED before the deadline, when complete; submitting is agreement to commit' })
  submitZoneApplication(@Arg('input') input: SubmitZoneApplicationInput, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return applications.submitZoneApplication(ctx, input);
  }

  @Mutation(() => ZoneApplication, { description: 'Withdraws an undecided application; nothing is created' })
  withdrawZoneApplication(@Arg('input') input: ZoneApplicationRefInput, @Ctx() ctx: HubContext): Promise<ZoneApplication> {
    return applications.withdrawZoneApplication(ctx, input);
  }
}

@Resolver(() => ApplicationSection)
export class ApplicationSectionResolver {
  @ListBound(MAX_DOCUMENTS_PER_TARGET)
  @FieldResolver(() => [Document], { description: 'Evidence documents (Evidence of Practice sections)' })
  evidenceDocuments(@Root() section: ApplicationSection, @Ctx() ctx: HubContext): Promise<Document[]> {
    return attachedDocuments(ctx, { targetType: SECTION_TARGET, targetId: section.id, purpose: DocumentPurpose.APPLICATION_EVIDENCE });
  }

  @FieldResolver(() => User, { nullable: true })
  updatedBy(@Root() section: ApplicationSection, @Ctx() ctx: HubContext): Promise<User | null> {
    return userOrNull(ctx, section.updatedBy?.id);
  }

  @FieldResolver(() => Date)
  updatedAt(@Root() section: ApplicationSection): Date {
    return section.updatedAt;
  }
}

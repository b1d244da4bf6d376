/**
 * Application events: submitted, clarification requested and answered,
 * decided, documents received... published after their transaction commits
 * on one topic, as plain JSON; each subscriber is authorized per event.
 */
import { Field, ObjectType } from 'type-graphql';
import type { PubSub } from '../../realtime/pubsub';
import { topic } from '../../realtime/topics';
import { Zone } from '../../domain/enums';
import { ApplicationEventType, ApplicationStatus } from './application.enums';
import type { ZoneApplication } from './application.entity';

/** What crosses instances: ids and small values. */
export interface ApplicationEventPayload {
  type: ApplicationEventType;
  applicationId: string;
  applicantId: string;
  teacherId: string | null;
  zone: Zone;
  schoolYear: string;
  status: ApplicationStatus;
  /** Whether the application had been submitted (the facilitation team sees only those). */
  submitted: boolean;
  actorId: string | null;
  /** ISO time. */
  at: string;
}

/** One channel for every application; who receives an event is decided per subscriber (see application.subscriptions.ts). */
export const applicationEventsTopic = topic<ApplicationEventPayload>('application-events');

/** The payload of an event about `application` as it now stands. */
export function applicationEvent(type: ApplicationEventType, application: ZoneApplication, actorId: string | null, at: Date): ApplicationEventPayload {
  return {
    type,
    applicationId: application.id,
    applicantId: application.applicant.id,
    teacherId: application.teacher?.id ?? null,
    zone: application.zone,
    schoolYear: application.schoolYear,
    status: application.status,
    submitted: application.submittedAt !== null,
    actorId,
    at: at.toISOString(),
  };
}

/** Publishes; call only after the commit. */
export function publishApplicationEvent(pubsub: PubSub, payload: ApplicationEventPayload): void {
  applicationEventsTopic.publish(pubsub, payload);
}

/** `application` and `actor` are resolved through the request's loaders. */
@ObjectType({ description: 'Something happened to a zone application' })
export class ApplicationEvent {
  applicationId!: string;
  actorId!: string | null;

  @Field(() => ApplicationEventType)
  type!: ApplicationEventType;

  @Field(() => ApplicationStatus, { description: 'The status after the event' })
  status!: ApplicationStatus;

  @Field(() => Zone)
  zone!: Zone;

  @Field()
  schoolYear!: string;

  @Field(() => Date)
  at!: Date;

  static from(payload: ApplicationEventPayload): ApplicationEvent {
    return Object.assign(new ApplicationEvent(), {
      applicationId: payload.applicationId,
      actorId: payload.actorId,
      type: payload.type,
      status: payload.status,
      zone: payload.zone,
      schoolYear: payload.schoolYear,
      at: new Date(payload.at),
    });
  }
}

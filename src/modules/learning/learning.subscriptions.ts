/** Following publications: each newly published version that matches a filter. */
import type { HubContext } from '../../graphql/context';
import { liveEvents, type LiveEvents } from '../../delivery';
import { filterConditions, publishedVersionMatches } from './learning-catalog.service';
import { modulePublishedTopic, type ModulePublishedPayload } from './learning.events';
import type { LearningModuleFilter } from './learning.inputs';

/**
 * Anyone may follow publications (published modules are public). The filter
 * is checked once at subscribe time (BAD_USER_INPUT) and, per event, against
 * the module as committed (one statement), so only matching versions arrive;
 * a version already replaced by a newer one by then is skipped.
 */
export function followPublications(ctx: HubContext, filter: LearningModuleFilter | null | undefined): LiveEvents<ModulePublishedPayload, HubContext> {
  const conditions = filterConditions(filter);
  return liveEvents(ctx, modulePublishedTopic.feed(ctx.pubsub), {
    decide: async (scope, payload) => ((await publishedVersionMatches(scope.em, payload.moduleId, payload.version, conditions)) ? 'deliver' : 'skip'),
  });
}

/** Realtime topics of professional learning; payloads are ids and small values only. */
import { topic } from '../../realtime/topics';

/** A version of a module was published (sent after the transaction committed). */
export interface ModulePublishedPayload {
  moduleId: string;
  version: number;
}

export const modulePublishedTopic = topic<ModulePublishedPayload>('learning.modulePublished');

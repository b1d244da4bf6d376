/** The editor's shapes, as the request query gives them. */
import type { WebWaiverRequestQuery, WebWaiverSuggestionFragment } from '../generated/graphql';

export type Request = NonNullable<WebWaiverRequestQuery['waiverRequest']>;
export type Section = Request['sections'][number];
export type Viewer = NonNullable<WebWaiverRequestQuery['viewer']>;
export type Suggestion = WebWaiverSuggestionFragment;

/** How `node(id:)` fetches a document: null unless the viewer may download it. */
import type { NodeFetchers } from '../../graphql/node.resolver';
import { readableDocument } from './document.service';

export const documentNodes: NodeFetchers = {
  Document: (ctx, id) => readableDocument(ctx.em, ctx.viewer, id),
};

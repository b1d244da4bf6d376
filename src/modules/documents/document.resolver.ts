/** GraphQL for documents: the `Document` type's derived fields (uploading and downloading are HTTP: `POST /documents`, `GET /documents/:id`). */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { User } from '../users/user.entity';
import { Document } from './document.entity';

/** Where a document is downloaded: relative to the hub's origin. */
export function documentPath(document: Document): string {
  return `/documents/${document.nodeId}`;
}

@Resolver(() => Document)
export class DocumentResolver {
  @FieldResolver(() => String, { description: 'The file name (the same as `filename`)' })
  name(@Root() document: Document): string {
    return document.filename;
  }

  @FieldResolver(() => Date)
  uploadedAt(@Root() document: Document): Date {
    return document.createdAt;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who uploaded it; null once that account is gone' })
  uploadedBy(@Root() document: Document, @Ctx() ctx: HubContext): Promise<User | null> | null {
    return document.uploader ? ctx.loaders.byId(User).load(document.uploader.id) : null;
  }

  @FieldResolver(() => String, { description: 'Where to download it (GET with the same bearer token), relative to the hub' })
  url(@Root() document: Document): string {
    return documentPath(document);
  }

  @FieldResolver(() => String, { description: 'The same as `url`' })
  downloadUrl(@Root() document: Document): string {
    return documentPath(document);
  }
}

/**
 * The exact text a district signed off, kept on its sign-off.
 *
 * Why a snapshot and not a reconstruction: a request's text at a past
 * textVersion cannot be rebuilt exactly from what is stored. Section bodies
 * have a revision per version, but renames of the request and of sections
 * and moves of sections only count up `layoutVersion` (their earlier values
 * are not kept), and nothing orders one section's revisions against
 * another's by textVersion. So the sign-off transaction stores the text it
 * compared (the same rows, under the same lock) as JSON next to its digest;
 * `textDigestOf(snapshot)` is that digest by construction (a test checks it).
 * Sign-offs made before the snapshot was kept (migration
 * Migration20261202150500_waiver_signed_text) answer null.
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { ListBound } from '../../graphql/limits';

/** A section as signed, in the JSON stored on the sign-off. */
export interface SignedSectionSnapshot {
  key: string;
  title: string;
  body: string;
  /** The section's version then. */
  version: number;
}

/** The text as signed, in the JSON stored on the sign-off (`waiver_districts.signed_text`). */
export interface SignedTextSnapshot {
  title: string;
  /** In document order. */
  sections: SignedSectionSnapshot[];
}

@ObjectType('WaiverSignedSection', { description: 'One section of the text as a district signed it off' })
export class WaiverSignedSection {
  @Field({ description: "The section's stable key (matches WaiverSection.key)" })
  key!: string;

  @Field({ description: 'Its heading then' })
  title!: string;

  @Field({ description: 'Its Markdown text then' })
  body!: string;

  @Field(() => Int, { description: 'Its place in the document then, from 1' })
  position!: number;

  @Field(() => Int, { description: "The section's version then (WaiverSection.version)" })
  version!: number;
}

@ObjectType('WaiverSignedText', { description: 'The exact text a district signed off: the title and the sections in order, as they read then' })
export class WaiverSignedText {
  @Field({ description: "The request's title then" })
  title!: string;

  @ListBound(50) // as WaiverRequest.sections: the sections then
  @Field(() => [WaiverSignedSection], { description: 'In document order, as then' })
  sections!: WaiverSignedSection[];

  @Field({ description: 'The textDigest the district signed: the digest of exactly this text' })
  textDigest!: string;

  @Field(() => Int, { description: 'The textVersion the district signed' })
  textVersion!: number;
}

/** The GraphQL answer for a stored snapshot and the digest and version signed with it. */
export function signedTextOf(snapshot: SignedTextSnapshot, textDigest: string, textVersion: number): WaiverSignedText {
  return Object.assign(new WaiverSignedText(), {
    title: snapshot.title,
    textDigest,
    textVersion,
    sections: snapshot.sections.map((section, index) =>
      Object.assign(new WaiverSignedSection(), { key: section.key, title: section.title, body: section.body, version: section.version, position: index + 1 }),
    ),
  });
}

/**
 * What an export shows, read through the public schema with the caller's own
 * request scope: the same resolvers, the same `waiver.read` and
 * `zoneApplication.read` rules as a GraphQL read, so an export can never show
 * more than the API would (`waiverRequest` and `zoneApplication` answer null
 * for a record that is missing or not the viewer's to read: 404 here).
 * Private review notes are not asked for: an export is for filing.
 */
import { execute, parse, type GraphQLSchema } from 'graphql';
import type { HubContext } from '../graphql/context';

const WAIVER = parse(`query ExportWaiverRequest($id: ID!) {
  waiverRequest(id: $id) {
    id title kind status submittedAt decidedAt decisionNote textVersion textDigest
    decidedBy { displayName }
    sections { title body }
    signOffs { district { name region } lead signedOffAt signedOffBy { displayName } signedTextVersion current staleSinceVersion }
  }
}`);

const APPLICATION = parse(`query ExportZoneApplication($id: ID!) {
  zoneApplication(id: $id) {
    id zone schoolYear status submittedAt decidedAt decisionNote decisionSummary placedZone agreement
    applicant { name region }
    teacher { displayName }
    window { deadline }
    sections { key kind title body rating links evidenceDocuments { filename } }
    commitments { key text acknowledged }
    letterOfSupport { filename }
    clarifications { question askedAt askedBy { displayName } answer answeredAt answeredBy { displayName } }
    boardResolution { status dueAt }
  }
}`);

interface Named {
  displayName: string;
}

export interface WaiverExport {
  id: string;
  title: string;
  kind: string;
  status: string;
  submittedAt: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  textVersion: number;
  textDigest: string;
  decidedBy: Named | null;
  sections: Array<{ title: string; body: string }>;
  signOffs: Array<{
    district: { name: string; region: string | null };
    lead: boolean;
    signedOffAt: string | null;
    signedOffBy: Named | null;
    signedTextVersion: number | null;
    current: boolean;
    staleSinceVersion: number | null;
  }>;
}

export interface ApplicationExport {
  id: string;
  zone: string;
  schoolYear: string;
  status: string;
  submittedAt: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  decisionSummary: string | null;
  placedZone: string | null;
  agreement: string;
  applicant: { name: string; region: string | null };
  teacher: Named | null;
  window: { deadline: string };
  sections: Array<{
    key: string;
    kind: string;
    title: string;
    body: string;
    rating: string | null;
    links: string[];
    evidenceDocuments: Array<{ filename: string }>;
  }>;
  commitments: Array<{ key: string; text: string; acknowledged: boolean }>;
  letterOfSupport: Array<{ filename: string }>;
  clarifications: Array<{
    question: string;
    askedAt: string;
    askedBy: Named | null;
    answer: string | null;
    answeredAt: string | null;
    answeredBy: Named | null;
  }>;
  boardResolution: { status: string; dueAt: string } | null;
}

async function run<T>(schema: GraphQLSchema, ctx: HubContext, document: typeof WAIVER, field: string, id: string): Promise<T | null> {
  const result = await execute({ schema, document, contextValue: ctx, variableValues: { id } });
  const error = result.errors?.[0];
  if (error) {
    // A malformed id reads as absent (BAD_USER_INPUT on `id`), as it would for any stranger's id.
    if (error.extensions?.code === 'BAD_USER_INPUT' || error.extensions?.code === 'NOT_FOUND') return null;
    throw error.originalError ?? error;
  }
  return ((result.data as Record<string, unknown> | null | undefined)?.[field] as T | null | undefined) ?? null;
}

/** The waiver request as its export shows it, or null when absent or not the viewer's to read. */
export function loadWaiverExport(schema: GraphQLSchema, ctx: HubContext, id: string): Promise<WaiverExport | null> {
  return run<WaiverExport>(schema, ctx, WAIVER, 'waiverRequest', id);
}

/** The application as its export shows it, or null when absent or not the viewer's to read. */
export function loadApplicationExport(schema: GraphQLSchema, ctx: HubContext, id: string): Promise<ApplicationExport | null> {
  return run<ApplicationExport>(schema, ctx, APPLICATION, 'zoneApplication', id);
}

/**
 * The export of a waiver request or an application as a neutral document:
 * a title and blocks (headings, paragraphs, lists, quotes, code, facts), with
 * the Markdown of sections and narratives read by marked's lexer into the
 * same blocks. The HTML page and the PDF both lay out this one document, so
 * they say the same thing; neither passes any of the source through as markup
 * (raw HTML in Markdown is shown as the text it is).
 */
import { lexer, type Token, type Tokens } from 'marked';
import type { Zone } from '../domain/enums';
import { ZONE_NAMES, ZONE_SHORT_NAMES } from '../modules/applications/application.content';
import type { ApplicationExport, WaiverExport } from './exports-load';

export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  /** Only http(s) and mailto links are kept. */
  href?: string;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; runs: Inline[] }
  | { kind: 'paragraph'; runs: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' }
  | { kind: 'facts'; rows: Array<[string, string]> };

export interface ExportDocument {
  title: string;
  /** The PDF's file name, without folders. */
  filename: string;
  blocks: Block[];
}

const SAFE_LINK = /^(https?:|mailto:)/i;

interface Style {
  bold?: boolean;
  italic?: boolean;
}

function inline(tokens: Token[] | undefined, style: Style = {}, href?: string): Inline[] {
  const runs: Inline[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        runs.push(...inline((token as Tokens.Strong).tokens, { ...style, bold: true }, href));
        break;
      case 'em':
        runs.push(...inline((token as Tokens.Em).tokens, { ...style, italic: true }, href));
        break;
      case 'del':
        runs.push(...inline((token as Tokens.Del).tokens, style, href));
        break;
      case 'codespan':
        runs.push({ text: decode((token as Tokens.Codespan).text), code: true, ...style });
        break;
      case 'link': {
        const link = token as Tokens.Link;
        runs.push(...inline(link.tokens, style, SAFE_LINK.test(link.href.trim()) ? link.href.trim() : undefined));
        break;
      }
      case 'image':
        runs.push({ text: (token as Tokens.Image).text || '[image]', ...style, italic: true });
        break;
      case 'br':
        runs.push({ text: '\n', ...style });
        break;
      case 'text': {
        const text = token as Tokens.Text;
        if (text.tokens?.length) runs.push(...inline(text.tokens, style, href));
        else runs.push({ text: decode(text.text), ...style, ...(href ? { href } : {}) });
        break;
      }
      default:
        // escape, html and anything else: the characters as written.
        runs.push({ text: decode('text' in token && typeof token.text === 'string' ? token.text : token.raw), ...style, ...(href ? { href } : {}) });
    }
  }
  return runs;
}

/** marked leaves entities in text (`&amp;`, `&#39;`): the export shows characters. */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function blocks(tokens: Token[], headingShift: number): Block[] {
  const out: Block[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break;
      case 'heading': {
        const heading = token as Tokens.Heading;
        out.push({ kind: 'heading', level: Math.min(4, heading.depth + headingShift) as 1 | 2 | 3 | 4, runs: inline(heading.tokens) });
        break;
      }
      case 'paragraph':
        out.push({ kind: 'paragraph', runs: inline((token as Tokens.Paragraph).tokens) });
        break;
      case 'text': {
        const text = token as Tokens.Text;
        out.push({ kind: 'paragraph', runs: text.tokens ? inline(text.tokens) : [{ text: decode(text.text) }] });
        break;
      }
      case 'list': {
        const list = token as Tokens.List;
        out.push({
          kind: 'list',
          ordered: list.ordered,
          start: typeof list.start === 'number' ? list.start : 1,
          items: list.items.map((item) => blocks(item.tokens, headingShift)),
        });
        break;
      }
      case 'blockquote':
        out.push({ kind: 'quote', blocks: blocks((token as Tokens.Blockquote).tokens, headingShift) });
        break;
      case 'code':
        out.push({ kind: 'code', text: (token as Tokens.Code).text });
        break;
      case 'hr':
        out.push({ kind: 'rule' });
        break;
      case 'table': {
        const table = token as Tokens.Table;
        const row = (cells: Tokens.TableCell[]) => cells.flatMap((cell, i) => [...(i ? [{ text: ' | ' }] : []), ...inline(cell.tokens)]);
        out.push({ kind: 'paragraph', runs: row(table.header).map((run) => ({ ...run, bold: true })) });
        for (const cells of table.rows) out.push({ kind: 'paragraph', runs: row(cells) });
        break;
      }
      default:
        // Raw HTML blocks and anything unknown: shown as the text written.
        if (token.raw.trim()) out.push({ kind: 'paragraph', runs: [{ text: token.raw.trim() }] });
    }
  }
  return out;
}

/** Markdown as blocks, its headings placed under a section heading: the body's top level of heading becomes level 3. */
export function markdownBlocks(source: string, top = 3): Block[] {
  const tokens = lexer(source);
  const depths = tokens.filter((token): token is Tokens.Heading => token.type === 'heading').map((heading) => heading.depth);
  return blocks(tokens, depths.length ? top - Math.min(...depths) : 0);
}

const text = (value: string): Inline[] => [{ text: value }];
// Times come as the DateTime scalar serializes them (a Date or an ISO string).
const day = (at: string | Date | null | undefined): string => (at ? new Date(at).toISOString().slice(0, 10) : '');
const words = (value: string | null | undefined): string => (value ?? '').toLowerCase().replace(/_/g, ' ');
const WAIVER_KINDS: Record<string, string> = {
  MSIP6: 'MSIP 6 (state accreditation rules)',
  FEDERAL: 'Federal requirement',
  STATE_STATUTE: 'State statute',
  OTHER: 'Other',
};
/** "System Design Zone (SDZ)": the one map of zone names (application.content.ts). */
const zoneName = (zone: string | null | undefined): string =>
  zone ? (zone in ZONE_NAMES ? `${ZONE_NAMES[zone as Zone]} (${ZONE_SHORT_NAMES[zone as Zone]})` : zone) : '';

/** A name safe as a file name: letters, digits and dashes. */
function fileSlug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/[\s_]+/g, '-')
      .toLowerCase()
      .slice(0, 60) || 'export'
  );
}

/** A waiver request: facts, the sign-offs, then the sections in order (the frozen text once submitted). */
export function waiverDocument(request: WaiverExport): ExportDocument {
  const facts: Array<[string, string]> = [
    ['Kind', WAIVER_KINDS[request.kind] ?? words(request.kind)],
    ['Status', words(request.status)],
    ['Text version', `${request.textVersion} (digest ${request.textDigest.slice(0, 16)}…)`],
  ];
  if (request.submittedAt) facts.push(['Submitted', day(request.submittedAt)]);
  if (request.decidedAt) facts.push(['Decided', `${day(request.decidedAt)}${request.decidedBy ? ` by ${request.decidedBy.displayName}` : ''}`]);
  const out: Block[] = [
    { kind: 'heading', level: 1, runs: text(request.title) },
    { kind: 'facts', rows: facts },
  ];
  if (request.decisionNote) out.push({ kind: 'heading', level: 2, runs: text('Decision note') }, { kind: 'paragraph', runs: text(request.decisionNote) });
  out.push(
    { kind: 'heading', level: 2, runs: text('Districts and sign-offs') },
    {
      kind: 'list',
      ordered: false,
      start: 1,
      items: request.signOffs.map((s) => [
        {
          kind: 'paragraph',
          runs: [
            { text: s.district.name, bold: true },
            {
              text:
                `${s.district.region ? ` (${s.district.region})` : ''}, ${s.lead ? 'lead district' : 'co-signing district'}: ` +
                (s.signedOffAt
                  ? `signed off ${day(s.signedOffAt)}${s.signedOffBy ? ` by ${s.signedOffBy.displayName}` : ''} at text version ${s.signedTextVersion ?? '?'}` +
                    (s.current ? ' (current)' : ` (stale since version ${s.staleSinceVersion ?? '?'})`)
                  : 'not signed off'),
            },
          ],
        },
      ]),
    },
  );
  request.sections.forEach((section, index) => {
    out.push({ kind: 'heading', level: 2, runs: text(`${index + 1}. ${section.title}`) });
    const body = markdownBlocks(section.body);
    out.push(...(body.length ? body : [{ kind: 'paragraph' as const, runs: [{ text: 'Not yet written.', italic: true }] }]));
  });
  return { title: request.title, filename: `waiver-request-${fileSlug(request.title)}.pdf`, blocks: out };
}

/** An application: facts, decision, self-assessment and narratives, commitments, documents, clarifications. */
export function applicationDocument(application: ApplicationExport): ExportDocument {
  const who = application.teacher ? `${application.teacher.displayName} (${application.applicant.name})` : application.applicant.name;
  const title = `${zoneName(application.zone)} application ${application.schoolYear}: ${who}`;
  const facts: Array<[string, string]> = [
    ['Applicant', `${who}${application.applicant.region ? `, ${application.applicant.region} region` : ''}`],
    ['Zone', zoneName(application.zone)],
    ['School year', application.schoolYear],
    ['Status', words(application.status)],
    ['Deadline', day(application.window.deadline)],
  ];
  if (application.submittedAt) facts.push(['Submitted', day(application.submittedAt)]);
  if (application.decidedAt) facts.push(['Decided', day(application.decidedAt)]);
  if (application.placedZone) facts.push(['Placed in', zoneName(application.placedZone)]);
  if (application.boardResolution)
    facts.push(['Board resolution', `${words(application.boardResolution.status)}, due ${day(application.boardResolution.dueAt)}`]);
  const out: Block[] = [
    { kind: 'heading', level: 1, runs: text(title) },
    { kind: 'facts', rows: facts },
  ];
  if (application.decisionSummary || application.decisionNote) {
    out.push({ kind: 'heading', level: 2, runs: text('Decision') });
    if (application.decisionSummary) out.push({ kind: 'paragraph', runs: text(application.decisionSummary) });
    if (application.decisionNote) out.push({ kind: 'quote', blocks: [{ kind: 'paragraph', runs: text(application.decisionNote) }] });
  }
  for (const section of application.sections) {
    out.push({ kind: 'heading', level: 2, runs: text(section.title) });
    if (section.kind === 'EVIDENCE_OF_PRACTICE') out.push({ kind: 'facts', rows: [['Self-assessment', section.rating ? words(section.rating) : 'not rated']] });
    const body = markdownBlocks(section.body);
    out.push(...(body.length ? body : [{ kind: 'paragraph' as const, runs: [{ text: 'Not yet written.', italic: true }] }]));
    const evidence = [
      ...section.links.map((link): Inline[] => [{ text: link, ...(SAFE_LINK.test(link) ? { href: link } : {}) }]),
      ...section.evidenceDocuments.map((d): Inline[] => text(`Document: ${d.filename}`)),
    ];
    if (evidence.length)
      out.push(
        { kind: 'heading', level: 3, runs: text('Evidence') },
        { kind: 'list', ordered: false, start: 1, items: evidence.map((runs) => [{ kind: 'paragraph', runs }]) },
      );
  }
  out.push(
    { kind: 'heading', level: 2, runs: text('Commitments') },
    {
      kind: 'list',
      ordered: false,
      start: 1,
      items: application.commitments.map((c) => [{ kind: 'paragraph', runs: [{ text: c.acknowledged ? '[x] ' : '[ ] ', bold: true }, { text: c.text }] }]),
    },
    { kind: 'paragraph', runs: [{ text: application.agreement, italic: true }] },
  );
  if (application.letterOfSupport.length)
    out.push(
      { kind: 'heading', level: 2, runs: text('Letter of support') },
      { kind: 'list', ordered: false, start: 1, items: application.letterOfSupport.map((d) => [{ kind: 'paragraph', runs: text(d.filename) }]) },
    );
  if (application.clarifications.length) {
    out.push({ kind: 'heading', level: 2, runs: text('Clarifications') });
    for (const c of application.clarifications) {
      out.push({
        kind: 'paragraph',
        runs: [{ text: `Asked ${day(c.askedAt)}${c.askedBy ? ` by ${c.askedBy.displayName}` : ''}: `, bold: true }, { text: c.question }],
      });
      out.push(
        c.answer
          ? {
              kind: 'quote',
              blocks: [
                {
                  kind: 'paragraph',
                  runs: [{ text: `Answered ${day(c.answeredAt)}${c.answeredBy ? ` by ${c.answeredBy.displayName}` : ''}: `, bold: true }, { text: c.answer }],
                },
              ],
            }
          : { kind: 'paragraph', runs: [{ text: 'Not yet answered.', italic: true }] },
      );
    }
  }
  return { title, filename: `application-${application.zone.toLowerCase().replace(/_/g, '-')}-${application.schoolYear}-${fileSlug(who)}.pdf`, blocks: out };
}

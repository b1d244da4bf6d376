/** Renders a whole waiver request as Markdown, for submission. */
import type { Organization } from '../organizations/organization.entity';
import type { WaiverKind } from './waiver.enums';
import type { WaiverRequest } from './waiver.entity';
import type { WaiverDistrict } from './waiver-party.entity';
import type { WaiverSection } from './waiver-section.entity';

const KIND_NAMES: Record<WaiverKind, string> = {
  MSIP6: 'MSIP 6 (state accreditation rules)',
  FEDERAL: 'Federal requirement',
  STATE_STATUTE: 'State statute',
  OTHER: 'Other',
};

const day = (date: Date) => date.toISOString().slice(0, 10);

export interface MarkdownParts {
  request: WaiverRequest;
  districts: Array<{ district: WaiverDistrict; organization: Organization }>;
  sections: WaiverSection[];
}

/** Title, kind, status, districts (with sign-offs), then the sections in order. */
export function renderWaiverMarkdown({ request, districts, sections }: MarkdownParts): string {
  const lines = [`# ${request.title}`, '', `- **Kind:** ${KIND_NAMES[request.kind]}`, `- **Status:** ${request.status}`];
  if (request.submittedAt) lines.push(`- **Submitted:** ${day(request.submittedAt)}`);
  if (request.decidedAt) lines.push(`- **Decided:** ${day(request.decidedAt)}${request.decisionNote ? `: ${request.decisionNote}` : ''}`);
  lines.push('', '## Districts', '');
  for (const { district, organization } of districts) {
    const role = district.lead ? 'lead district' : 'co-signing district';
    const signed = district.signedOffAt ? `, signed off ${day(district.signedOffAt)}` : '';
    lines.push(`- ${organization.name}${organization.region ? ` (${organization.region})` : ''}: ${role}${signed}`);
  }
  sections.forEach((section, index) => {
    lines.push('', `## ${index + 1}. ${section.title}`, '', section.body.trim() || '_Not yet written._');
  });
  return `${lines.join('\n')}\n`;
}

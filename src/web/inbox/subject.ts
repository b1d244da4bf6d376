/**
 * Where a notification's subject lives in the app: its global id is
 * base64url("Type:uuid"), and each page takes the global id as its `:id`
 * (the waiver request editor, the applicant's application page, a
 * partnership, a learning module); an unknown type has no link. The hub's
 * mail links follow the same rules (`subjectPath` in
 * src/modules/notifications/notification.mail.ts, held equal by
 * test/notifications/email.test.ts).
 */
export function subjectType(globalId: string): string | null {
  try {
    const base64 = globalId.replace(/-/g, '+').replace(/_/g, '/');
    const decoded = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const colon = decoded.indexOf(':');
    return colon > 0 ? decoded.slice(0, colon) : null;
  } catch {
    return null;
  }
}

export function subjectPath(globalId: string): string | null {
  switch (subjectType(globalId)) {
    case 'LearningModule':
      return `/learning/modules/${globalId}`;
    case 'Partnership':
      return `/b2e/partnerships/${globalId}`;
    case 'WaiverRequest':
      return `/waivers/${globalId}`;
    case 'ZoneApplication':
      return `/applications/${globalId}`;
    default:
      return null;
  }
}

const KINDS: Record<string, string> = {
  APPLICATION_BOARD_RESOLUTION_DUE: 'Board resolution due on an application',
  APPLICATION_BOARD_RESOLUTION_OVERDUE: 'Board resolution overdue on an application',
  APPLICATION_BOARD_RESOLUTION_RECEIVED: 'Board resolution received on an application',
  APPLICATION_CLARIFICATION_ANSWERED: 'Clarification answered on an application',
  APPLICATION_CLARIFICATION_REQUESTED: 'Clarification requested on an application',
  APPLICATION_DECIDED: 'Application decided',
  LEARNING_MODULE_NEW_VERSION: 'New version of a module in your plan',
  LEARNING_PREREQUISITE_UNLOCKED: 'A recommended module is unlocked',
  PARTNERSHIP_ANSWERED: 'Partnership request answered',
  PARTNERSHIP_CANCELLED: 'Partnership cancelled',
  PARTNERSHIP_COMPLETED: 'Partnership completed',
  PARTNERSHIP_REQUESTED: 'Partnership requested',
  PARTNERSHIP_STARTED: 'Partnership started',
  WAIVER_COLLABORATOR_ADDED: 'Added to a waiver request',
  WAIVER_COLLABORATOR_REMOVED: 'Removed from a waiver request',
  WAIVER_COMMENT: 'Comment on a waiver request',
  WAIVER_MENTION: 'Mentioned on a waiver request',
  WAIVER_SIGN_OFF_STALE: 'Sign-off needs renewing on a waiver request',
  WAIVER_STATUS_CHANGED: 'Waiver request status changed',
};

export const kindLabel = (kind: string): string => KINDS[kind] ?? kind;

export const EMAIL_DELIVERIES = [
  { value: 'NONE', label: 'No email' },
  { value: 'IMMEDIATE', label: 'Right away' },
  { value: 'DAILY_DIGEST', label: 'Daily digest' },
  { value: 'WEEKLY_DIGEST', label: 'Weekly digest' },
] as const;

/** "5 minutes ago", "yesterday", or the date, for a thread's latest activity. */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  const format = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
  if (seconds < 3600) return format.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 86_400) return format.format(-Math.round(seconds / 3600), 'hour');
  if (seconds < 7 * 86_400) return format.format(-Math.round(seconds / 86_400), 'day');
  return new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

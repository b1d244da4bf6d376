/** School years run July to June and are written "2026-2027". */
export const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/;

export function schoolYearOf(date: Date): string {
  const year = date.getUTCFullYear();
  const start = date.getUTCMonth() >= 6 ? year : year - 1;
  return `${start}-${start + 1}`;
}

export function isSchoolYear(value: string): boolean {
  const match = SCHOOL_YEAR.exec(value);
  return match !== null && Number(match[2]) === Number(match[1]) + 1;
}

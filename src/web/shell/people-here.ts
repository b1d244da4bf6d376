/**
 * Who else is in a co-typed text, as data (presence.tsx shows it): the
 * people on a Yjs awareness, and what changed between two lists of them.
 */
import type { Awareness } from 'y-protocols/awareness';

export interface PersonHere {
  name: string;
  color: string;
}

const same = (a: PersonHere, b: PersonHere) => a.name === b.name && a.color === b.color;

/**
 * The people on `awareness` other than this client, once each however many
 * tabs they have open, in the order they came. `placed`: only those who have
 * put their cursor in this text (on a page of several co-typed texts, each
 * client's awareness is on all of them).
 */
export function peopleHere(awareness: Awareness, placed = false): PersonHere[] {
  const people: PersonHere[] = [];
  awareness.getStates().forEach((state, clientId) => {
    const { user, cursor } = state as { user?: { name?: unknown; color?: unknown }; cursor?: unknown };
    if (clientId === awareness.clientID || typeof user?.name !== 'string' || typeof user.color !== 'string') return;
    if (placed && cursor == null) return;
    const person = { name: user.name, color: user.color };
    if (!people.some((p) => same(p, person))) people.push(person);
  });
  return people;
}

/** Names joined as a sentence says them: "Renee Alvarez and Tom Reed". */
export const names = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** What changed between two lists of people, as one sentence ("Tom Reed started writing in Budget; Ana Silva left Budget."; '' when nothing did). */
export function arrivalsAndLeaves(before: PersonHere[], after: PersonHere[], place?: string): string {
  const came = after.filter((p) => !before.some((b) => same(b, p))).map((p) => p.name);
  const went = before.filter((p) => !after.some((a) => same(a, p))).map((p) => p.name);
  const parts: string[] = [];
  if (came.length) parts.push(place ? `${names.format(came)} started writing in ${place}` : `${names.format(came)} joined`);
  if (went.length) parts.push(place ? `${names.format(went)} left ${place}` : `${names.format(went)} left`);
  return parts.length ? `${parts.join('; ')}.` : '';
}

/**
 * Who else is in a co-typed text, read from its Yjs awareness (each client's
 * `user`, a name and a colour, as waivers/sync.ts sets them): chips in their
 * colours, always with their names (colour is never the only signal), and,
 * where no other announcer speaks for the screen, a polite live region saying
 * who arrived and who left. The waiver editor's sections and the application
 * narratives show it, both through waivers/SectionEditor.tsx.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { arrivalsAndLeaves, names, peopleHere, type PersonHere } from './people-here';
import './presence.css';

/** `peopleHere`, kept current as awareness states come, change and go. */
export function usePeopleHere(awareness: Awareness, placed = false): PersonHere[] {
  const key = useSyncExternalStore(
    (onChange) => {
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    () => JSON.stringify(peopleHere(awareness, placed)),
  );
  return useMemo(() => JSON.parse(key) as PersonHere[], [key]);
}

/** "Renee Alvarez and Tom Reed", with each name rendered by `render`. */
function nameList(people: PersonHere[], render: (person: PersonHere) => ReactNode): ReactNode[] {
  let next = 0;
  return names
    .formatToParts(people.map((p) => p.name))
    .map((part, index) => (part.type === 'element' ? <span key={index}>{render(people[next++])}</span> : part.value));
}

/**
 * Who else is here. `wording`: "Also here: [Ana Silva]", everyone on the
 * text (a waiver section: clients share only the one they have open), or
 * "[Renee Alvarez] and [Tom Reed] are writing here.", those whose cursor is
 * in it. `announce`: say arrivals and leaves in a polite live region, naming
 * `place` (off where the page has its own announcer, as the waiver editor
 * does).
 */
export function PeopleHere({
  awareness,
  wording = 'also-here',
  announce = false,
  place,
}: {
  awareness: Awareness;
  wording?: 'also-here' | 'writing-here';
  announce?: boolean;
  place?: string;
}) {
  const people = usePeopleHere(awareness, wording === 'writing-here');
  const announcement = useArrivalsAndLeaves(people, announce, place);
  const chip = (person: PersonHere) => <Swatch name={person.name} color={person.color} />;
  return (
    <>
      {people.length > 0 &&
        (wording === 'also-here' ? (
          <p className="here-now">
            Also here:{' '}
            {people.map((person, index) => (
              <Swatch key={`${person.name}-${index}`} name={person.name} color={person.color} />
            ))}
          </p>
        ) : (
          <p className="here-now">
            {nameList(people, chip)} {people.length === 1 ? 'is' : 'are'} writing here.
          </p>
        ))}
      {announce && (
        <p className="visually-hidden" role="status" aria-live="polite" data-testid="presence-announcer">
          {announcement}
        </p>
      )}
    </>
  );
}

/** The latest change to who is here, as a sentence; the region stays in the page so the first change is read too. */
function useArrivalsAndLeaves(people: PersonHere[], on: boolean, place?: string): string {
  const before = useRef<PersonHere[]>([]);
  const [text, setText] = useState('');
  useEffect(() => {
    if (!on) return;
    const change = arrivalsAndLeaves(before.current, people, place);
    before.current = people;
    if (change) setText(change);
  }, [people, on, place]);
  return text;
}

/** A name on its colour (set through the DOM: the page's CSP allows no inline style attributes). */
function Swatch({ name, color }: { name: string; color: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.style.backgroundColor = color;
  }, [color]);
  return (
    <span ref={ref} className="person-chip">
      {name}
    </span>
  );
}

/** Two versions' Markdown compared line by line (longest common subsequence), additions and removals marked in words too. */

type Line = { kind: 'same' | 'added' | 'removed'; text: string };

/** Line diff; texts beyond `limit` lines are compared as wholes (bounded work for any input). */
export function diffLines(before: string, after: string, limit = 1500): Line[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > limit || b.length > limit) {
    return [...a.map((text) => ({ kind: 'removed' as const, text })), ...b.map((text) => ({ kind: 'added' as const, text }))];
  }
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
      lines.push({ kind: 'removed', text: a[i++] });
    } else {
      lines.push({ kind: 'added', text: b[j++] });
    }
  }
  while (i < a.length) lines.push({ kind: 'removed', text: a[i++] });
  while (j < b.length) lines.push({ kind: 'added', text: b[j++] });
  return lines;
}

export function Diff({ before, after }: { before: string; after: string }) {
  const lines = diffLines(before, after);
  return (
    <pre className="diff" aria-label="Changes">
      {lines.map((line, index) =>
        line.kind === 'same' ? (
          <span key={index}>{`  ${line.text}\n`}</span>
        ) : line.kind === 'added' ? (
          <ins key={index}>
            <span className="visually-hidden">added: </span>
            {`+ ${line.text}\n`}
          </ins>
        ) : (
          <del key={index}>
            <span className="visually-hidden">removed: </span>
            {`- ${line.text}\n`}
          </del>
        ),
      )}
    </pre>
  );
}

/**
 * Text the database cannot hold is refused before execution, for every field
 * at once: PostgreSQL text has no NUL character (U+0000), and a NUL reaching
 * a query failed it as an internal error; an unpaired UTF-16 surrogate
 * (`"\ud800"` in JSON) is not Unicode text, made validators throw, and would
 * be stored as U+FFFD. Checked in the variables and in the string literals
 * of the document, over HTTP and WebSocket alike.
 */
import { visit, type DocumentNode } from 'graphql';
import { BadUserInputError } from '../errors';

/** A NUL, or a surrogate half without its other half. */
// eslint-disable-next-line no-control-regex -- finding the NUL is the point: PostgreSQL text cannot hold it
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MESSAGE = 'contains a NUL character (U+0000) or an unpaired surrogate, which text cannot hold';

/** The path of the first unstorable string in a variables value, or null. Iterative: variables may nest deeper than the stack. */
function inValue(root: unknown): string | null {
  const pending: Array<[unknown, string]> = [[root, '']];
  while (pending.length) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return path.replace(/^\./, '');
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) pending.push([value[index], `${path}[${index}]`]);
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, inner] = entries[index];
        if (UNSTORABLE.test(key)) return `${path}.${key}`.replace(/^\./, '');
        pending.push([inner, `${path}.${key}`]);
      }
    }
  }
  return null;
}

/** The argument path (`input.title`) of the first unstorable string literal, or null. */
function inDocument(document: DocumentNode): string | null {
  const path: string[] = [];
  let found: string | null = null;
  visit(document, {
    Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    StringValue(node) {
      if (found === null && UNSTORABLE.test(node.value)) found = path.join('.') || 'query';
    },
  });
  return found;
}

/** Throws BAD_USER_INPUT naming the first input path whose text the database cannot hold. */
export function assertStorableText(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void {
  const path = (variables ? inValue(variables) : null) ?? inDocument(document);
  if (path) throw BadUserInputError.field(path, MESSAGE);
}

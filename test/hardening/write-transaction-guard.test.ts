/**
 * Every write goes through `writeTransaction` (src/graphql/write-transaction.ts),
 * which re-reads the viewer's grants under lock and writes the audit row in the
 * same transaction: a service that opens its own transaction, or writes through
 * the request's EntityManager outside one, would skip both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULES = path.join(__dirname, '../../src/modules');
const BYPASSES = [
  /\.transactional\(/,
  /ctx\.em\.flush\(/,
  /ctx\.em\s*\.(nativeInsert|nativeUpdate|nativeDelete|upsert|insert)\(/,
  /ctx\.em\.getConnection\(\)\.execute\(\s*[`'"]\s*(insert|update|delete)/i,
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('writes', () => {
  it('all run in writeTransaction: no feature opens its own transaction or writes outside one', () => {
    const offences = sourceFiles(MODULES).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (BYPASSES.some((pattern) => pattern.test(line)) ? [`${path.relative(MODULES, file)}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(offences).toEqual([]);
  });
});

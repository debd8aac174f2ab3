import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Serializers are pure functions from loaded data to Mastodon JSON: the domain loaders read, they never do.
describe('api/entities', () => {
  const dir = import.meta.dirname;
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

  it.each(files)('%s neither queries nor imports a store or the database', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const valueImports = [...text.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)].map((m) => m[1]);
    expect(valueImports.filter((from) => /\.store\.js$|\/db\/|context\.js$|kysely/.test(from!))).toEqual([]);
    expect(text).not.toMatch(/\basync\b|\bawait\b|\.db\b/);
  });
});

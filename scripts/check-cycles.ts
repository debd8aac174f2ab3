// `npm run check` fails on an import cycle between modules of src/. Edges are what runs: esbuild reads the
// imports as Node would load them, static and dynamic (`await import()` counts), with `import type` left out,
// since the typed AppContext names every area's state and the areas name the context back without a cycle at
// run time. (dependency-cruiser and madge need TypeScript 5's compiler API, which TypeScript 7 does not have.)
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => join(root, 'src', f));

const { metafile } = await build({
  entryPoints: files,
  bundle: true,
  write: false,
  metafile: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outdir: join(root, 'dist-check'),
  logLevel: 'silent',
  tsconfig: join(root, 'tsconfig.json'),
});

const graph = new Map<string, string[]>();
for (const [file, input] of Object.entries(metafile.inputs)) {
  if (!file.startsWith('src/')) continue;
  graph.set(
    file,
    input.imports.filter((i) => !i.external && i.path.startsWith('src/')).map((i) => i.path),
  );
}

// Tarjan's strongly connected components: each one with more than one module (or a self-import) is a cycle.
let counter = 0;
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const cycles: string[][] = [];
function visit(v: string): void {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
  }
  if (low.get(v) !== index.get(v)) return;
  const component: string[] = [];
  let w: string;
  do {
    w = stack.pop()!;
    onStack.delete(w);
    component.push(w);
  } while (w !== v);
  if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
}
for (const v of graph.keys()) if (!index.has(v)) visit(v);

if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s) in src/ (break each with an interface the composition root wires, or an event):`);
  for (const c of cycles) console.error(`- ${c.map((f) => relative('src', f)).join(' <-> ')}`);
  process.exit(1);
}
console.log(`No import cycles: ${graph.size} modules of src/.`);

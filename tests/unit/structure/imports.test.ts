/**
 * The code's shape, checked: no import cycle between files or between lib/ folders, and layers that read
 * one way (lib/README.md is the map). It walks the relative imports of lib/, components/ and entrypoints/
 * as text, so it needs no build; `import type` counts too, since a type cycle is still a cycle to a reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const SOURCE_DIRS = ['lib', 'components', 'entrypoints'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every `import … from './x.ts'` / `export … from` / `import('./x.ts')` of a file, resolved to a repo path. */
function relativeImports(file: string, text: string, known: ReadonlySet<string>): string[] {
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  const out: string[] = [];
  for (const spec of specs) {
    const base = join(dirname(file), spec).replace(/\.(js|ts|tsx)$/, '');
    const hit = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((c) => known.has(c));
    if (hit) out.push(hit);
  }
  return out;
}

/** Strongly connected components with more than one node (Tarjan): each is an import cycle. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** lib/geo/index.ts → lib/geo; lib/messages.ts → lib/messages.ts; components/x/y.ts → components. */
const layerOf = (file: string) => {
  const parts = file.split('/');
  return parts[0] === 'lib' ? parts.slice(0, 2).join('/') : parts[0];
};

function fileGraph(): Map<string, string[]> {
  const files = SOURCE_DIRS.flatMap(sourceFiles).map((f) => f.split('\\').join('/'));
  const known = new Set(files);
  return new Map(files.map((f) => [f, relativeImports(f, readFileSync(join(ROOT, f), 'utf8'), known)]));
}

describe('import structure', () => {
  const files = fileGraph();

  it('finds the imports it walks (a broken walker would pass every other test)', () => {
    expect(files.size).toBeGreaterThan(100);
    expect(files.get('lib/routing/search.ts')).toContain('lib/network/walk-graph.ts');
  });

  it('has no import cycle between files', () => {
    expect(cycles(files)).toEqual([]);
  });

  it('has no import cycle between lib/ folders, and lib/ → components/ → entrypoints/ read one way', () => {
    const layers = new Map<string, Set<string>>();
    const edges: string[] = [];
    for (const [from, tos] of files) {
      for (const to of tos) {
        const [a, b] = [layerOf(from), layerOf(to)];
        if (a === b) continue;
        if (!layers.has(a)) layers.set(a, new Set());
        layers.get(a)!.add(b);
        edges.push(`${from} → ${to}`);
      }
    }
    const layerCycles = cycles(new Map([...layers].map(([k, v]) => [k, [...v]])));
    const offending = (group: string[]) =>
      edges.filter((e) => group.some((a) => e.startsWith(`${a}/`) || e.startsWith(`${a} `)) && group.some((b) => e.includes(`→ ${b}`)));
    expect(layerCycles.map((group) => ({ group, edges: offending(group) }))).toEqual([]);
    const upward = edges.filter((e) => /^lib\/.* → (components|entrypoints)\//.test(e) || /^components\/.* → entrypoints\//.test(e));
    expect(upward).toEqual([]);
  });

  it('has no production file over 400 lines (split by job instead)', () => {
    const long = [...files.keys()]
      .map((f) => ({ f, lines: readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > 400);
    expect(long).toEqual([]);
  });

  it('tests/unit mirrors lib/: each folder is a lib/ folder, components/<folder>, cli, or a cross-cutting one', () => {
    const dirs = (dir: string) =>
      readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    const libDirs = new Set(dirs('lib'));
    // fuzz: every reader at once; structure: this file.
    const crossCutting = new Set(['components', 'cli', 'fuzz', 'structure']);
    const stray = dirs('tests/unit').filter((d) => !libDirs.has(d) && !crossCutting.has(d));
    const componentDirs = new Set(dirs('components'));
    const strayComponents = dirs('tests/unit/components').filter((d) => !componentDirs.has(d));
    const looseFiles = readdirSync(join(ROOT, 'tests/unit'))
      .filter((f) => /\.test\.tsx?$/.test(f))
      .filter((f) => !files.has(`lib/${f.replace(/(-[a-z]+)?\.test\.tsx?$/, '')}.ts`));
    expect({ stray, strayComponents, looseFiles }).toEqual({ stray: [], strayComponents: [], looseFiles: [] });
  });

  it('the cycle finder finds a cycle (so the checks above can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Folder → the folders its (non-test) files import from, for every folder of server/. */
function folderImports(): Map<string, Set<string>> {
  const root = __dirname;
  const edges = new Map<string, Set<string>>();
  const folderOf = (file: string) => relative(root, file).split(sep)[0];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        path.endsWith('.ts') &&
        !path.endsWith('.spec.ts') &&
        path !== join(root, entry.name)
      ) {
        const from = folderOf(path);
        for (const [, spec] of readFileSync(path, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
          const to = folderOf(resolve(dirname(path), spec));
          if (to === from || to.startsWith('..')) continue;
          edges.set(from, (edges.get(from) ?? new Set()).add(to));
        }
      }
    }
  };
  walk(root);
  return edges;
}

/** The groups of folders that import each other, directly or through others (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('The layering of server/', () => {
  const edges = folderImports();

  it('reads the imports of every module folder', () => {
    expect(edges.get('admin')).toEqual(expect.any(Set));
    expect(edges.size).toBeGreaterThan(10);
  });

  it('has no import running both ways between folders, directly or round a loop', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps http/, database/ and config/ free of features', () => {
    const allowed = new Set(['http', 'database', 'config']);
    for (const base of allowed) {
      expect({
        base,
        imports: [...(edges.get(base) ?? [])].filter((f) => !allowed.has(f)),
      }).toEqual({ base, imports: [] });
    }
  });
});

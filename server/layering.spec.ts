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

/** The tables the migrations create. */
function tables(): string[] {
  const dir = join(__dirname, 'database', 'migrations');
  return readdirSync(dir).flatMap((file) =>
    [
      ...readFileSync(join(dir, file), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/g),
    ].map(([, table]) => table),
  );
}

/** The (non-test) source of every file under server/`folder`. */
function sources(folder: string): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) {
        found.push({ file: relative(__dirname, path), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(join(__dirname, folder));
  return found;
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

  it('keeps the OpenID Connect provider to its own tables: the other modules are asked through their services', () => {
    const all = tables();
    const own = all.filter((table) => table.startsWith('oidc_'));
    expect(own.length).toBeGreaterThan(3);
    const others = all.filter((table) => !own.includes(table));
    expect(others).toEqual(expect.arrayContaining(['users', 'sessions', 'audit_events']));
    const statement = new RegExp(
      `\\b(?:FROM|JOIN|UPDATE|INTO|TABLE|ON)\\s+(${others.join('|')})\\b`,
      'gi',
    );
    const reached = sources('oidc').flatMap(({ file, text }) =>
      [...text.matchAll(statement)].map(([match]) => `${file}: ${match}`),
    );
    expect(reached).toEqual([]);
  });

  it('has no trigger of the OpenID Connect provider on another module’s table (the audit log’s rows make nothing happen)', () => {
    const dir = join(__dirname, 'database', 'migrations');
    const live = new Map<string, string>();
    for (const file of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      // Everything the migration does on its way up: all of it but its `down` method.
      const up = text.replace(/async down\([\s\S]*?\n {2}\}\n/, '');
      for (const [, name, table] of up.matchAll(/CREATE TRIGGER (\w+)[^;]*?\bON (\w+)/g)) {
        live.set(name, `${table} (${file})`);
      }
      for (const [, name] of up.matchAll(/DROP TRIGGER (\w+)/g)) live.delete(name);
    }
    const crossing = [...live].filter(
      ([name, table]) => /oidc/.test(name) !== /^oidc_/.test(table),
    );
    expect(crossing).toEqual([]);
  });
});

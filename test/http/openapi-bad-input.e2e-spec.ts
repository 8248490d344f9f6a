import request from 'supertest';
import type { App } from 'supertest/types';
import type { DataSource } from 'typeorm';
import { BrowserLikeClient } from '../support/browser-like-client';
import { issueAccount, strongPassword } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Bad input for every operation in the server's own OpenAPI document, so that endpoints added
 * later are covered without editing this file. Each request is sent as a signed-in administrator
 * (so guards let it reach validation); every answer must be below 500, structural problems must be
 * refused with a 4xx, and no refused request may change a table.
 */

interface Schema {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  $ref?: string;
  nullable?: boolean;
}

interface Operation {
  method: string;
  path: string;
  body?: Schema;
  query: { name: string; required: boolean; schema: Schema }[];
}

interface Mutation {
  name: string;
  /** Structural problems must be refused (4xx); content ones must only never cause a 5xx or a refused write. */
  structural: boolean;
  body?: unknown;
  query?: Record<string, string>;
  raw?: { contentType: string; payload: string };
}

// Hundreds of requests, megabyte bodies among them, each with a snapshot of every table before
// and after: minutes beside other processes that use the CPU.
jest.setTimeout(600_000);

const MB = 'x'.repeat(1024 * 1024);
const CONTENT_VALUES: [string, string][] = [
  ['empty string', ''],
  ['full-width text', 'ＡＢＣ１２３あいう'],
  ['control characters', 'a\u0000b\u0007c\u001b[31m'],
  ['SQL meta-characters', "' OR 1=1; DROP TABLE users; --"],
  ['HTML meta-characters', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
];
const WRONG_TYPES: [string, unknown][] = [
  ['a number', 12345],
  ['a boolean', true],
  ['an object', { nested: 'value' }],
  ['an array', ['a', 'b']],
  ['null', null],
];

function resolve(
  schema: Schema | undefined,
  components: Record<string, Schema>,
): Schema | undefined {
  if (!schema?.$ref) return schema;
  return components[schema.$ref.replace('#/components/schemas/', '')];
}

/** A body of the right shape whose values are plausible, from the schema's examples where given. */
function sample(schema: Schema | undefined, components: Record<string, Schema>): unknown {
  const s = resolve(schema, components);
  if (!s) return 'x';
  if (s.example !== undefined) return s.example;
  if (s.enum) return s.enum[0];
  switch (s.type ?? 'string') {
    case 'object':
      return Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, components)]),
      );
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    default:
      return 'x';
  }
}

function mutations(op: Operation, components: Record<string, Schema>): Mutation[] {
  const out: Mutation[] = [
    {
      name: 'broken JSON',
      structural: true,
      raw: { contentType: 'application/json', payload: '{"a": 1,' },
    },
    { name: 'text/plain', structural: true, raw: { contentType: 'text/plain', payload: 'a=1' } },
    {
      name: 'form encoding',
      structural: true,
      raw: { contentType: 'application/x-www-form-urlencoded', payload: 'a=1' },
    },
    {
      name: 'oversized body',
      structural: true,
      raw: { contentType: 'application/json', payload: JSON.stringify({ a: MB }) },
    },
  ];
  if (op.method === 'get') out.length = 0;
  const body = resolve(op.body, components);
  if (body?.type === 'object') {
    const base = sample(body, components) as Record<string, unknown>;
    out.push(
      { name: 'a JSON array instead of an object', structural: true, body: [base] },
      { name: 'an extra field', structural: true, body: { ...base, unexpectedField: 'x' } },
      {
        name: '__proto__ key',
        structural: true,
        raw: {
          contentType: 'application/json',
          payload: JSON.stringify(base).replace(/^\{/, '{"__proto__":{"admin":true},'),
        },
      },
      {
        name: 'constructor key',
        structural: true,
        body: { ...base, constructor: { prototype: { admin: true } } },
      },
    );
    for (const field of Object.keys(body.properties ?? {})) {
      const fieldSchema = resolve(body.properties![field], components);
      if (body.required?.includes(field)) {
        const { [field]: _omitted, ...rest } = base;
        out.push({ name: `${field} missing`, structural: true, body: rest });
      }
      for (const [label, value] of WRONG_TYPES) {
        const sameType =
          (typeof value === 'number' &&
            (fieldSchema?.type === 'number' || fieldSchema?.type === 'integer')) ||
          (typeof value === 'boolean' && fieldSchema?.type === 'boolean') ||
          (value === null && fieldSchema?.nullable === true) ||
          (Array.isArray(value) && fieldSchema?.type === 'array') ||
          (typeof value === 'object' &&
            value !== null &&
            !Array.isArray(value) &&
            fieldSchema?.type === 'object');
        if (!sameType)
          out.push({
            name: `${field} as ${label}`,
            structural: true,
            body: { ...base, [field]: value },
          });
      }
      if (fieldSchema?.type === 'string' || fieldSchema?.type === undefined) {
        for (const [label, value] of CONTENT_VALUES) {
          out.push({
            name: `${field} as ${label}`,
            structural: false,
            body: { ...base, [field]: value },
          });
        }
        out.push({
          name: `${field} as a 1 MB string`,
          structural: true,
          body: { ...base, [field]: MB },
        });
      }
    }
  }
  for (const param of op.query) {
    for (const [label, value] of [
      ...CONTENT_VALUES,
      ['a 1 MB string', MB.slice(0, 8000)] as [string, string],
    ]) {
      out.push({
        name: `query ${param.name} as ${label}`,
        structural: false,
        query: { [param.name]: value },
      });
    }
  }
  return out;
}

/**
 * Every row of every table but those that record refused attempts on purpose (the audit log and the
 * sign-in failure counters) and the columns that change by merely being signed in.
 */
async function snapshot(dataSource: DataSource): Promise<string> {
  const tables: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_events', 'sign_in_throttles')
      ORDER BY table_name`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM "${table_name}"`);
    const stable = rows.map((row) => {
      const copy = { ...row };
      delete copy.last_seen_at;
      return JSON.stringify(copy);
    });
    parts.push(`${table_name}:${stable.sort().join('\n')}`);
  }
  return parts.join('\n\n');
}

describe('Bad input to every operation in the OpenAPI document', () => {
  let sut: TestApp;
  let admin: BrowserLikeClient;
  let operations: Operation[];
  let components: Record<string, Schema>;
  let sent = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    const account = await issueAccount(sut.accounts, { role: 'admin' });
    admin = new BrowserLikeClient(sut.app);
    await admin.signIn(account.username, account.password);
    const password = strongPassword();
    const changed = await admin.post('/api/auth/password', {
      currentPassword: account.password,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    expect(changed.status).toBe(200);

    const doc = (await admin.get('/api/docs-json')).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content?: Record<string, { schema: Schema }> };
            parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
          }
        >
      >;
      components: { schemas: Record<string, Schema> };
    };
    components = doc.components.schemas;
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method,
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema })),
      })),
    );
  });

  afterAll(async () => {
    console.log(`bad-input suite: ${sent} requests over ${operations?.length ?? 0} operations`);
    await sut.close();
  });

  it('finds the operations to attack', () => {
    expect(operations.length).toBeGreaterThanOrEqual(7);
    expect(operations.filter((o) => o.body).length).toBeGreaterThanOrEqual(2);
  });

  it('never answers 5xx, refuses every structural problem, and writes nothing it refuses', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      // A made-up id for path parameters: a well-formed one that names nothing.
      const path = op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const m of mutations(op, components)) {
        const before = await snapshot(sut.db.dataSource);
        const headers: Record<string, string> = {
          Cookie: admin.cookieHeader(),
          'X-XSRF-TOKEN': admin.cookies.get('XSRF-TOKEN') ?? '',
        };
        const agent = request(sut.app.getHttpServer() as App);
        const method = op.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
        let req = agent[method](path).set(headers);
        if (m.query) req = req.query(m.query);
        if (m.raw) req = req.set('Content-Type', m.raw.contentType).send(m.raw.payload);
        else if (m.body !== undefined) req = req.send(m.body as object);
        const res = await req;
        sent += 1;
        const status = res.status;
        const label = `${op.method.toUpperCase()} ${op.path} — ${m.name}: ${status}`;
        if (status >= 500) failures.push(`${label} (server error)`);
        else if (m.structural && status < 400) failures.push(`${label} (accepted)`);
        else if (status >= 400 && (await snapshot(sut.db.dataSource)) !== before)
          failures.push(`${label} (wrote)`);
        if (status >= 400 && !String(res.headers['content-type']).includes('application/json')) {
          failures.push(`${label} (not JSON)`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

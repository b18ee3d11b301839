/**
 * The OpenAPI document lists every registered route with its parameters, from the same zod schemas
 * the routes validate with; the page shows every operation. Both are for administrators only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { openApiPath, type OpenApiDocument } from './openapi';
import { registeredRoutes } from './route';

let t: TestApp;
let admin: { id: string; login: string };
let auditor: { id: string; login: string };

beforeAll(async () => {
  t = await createTestApp();
  const rootId = (await t.makeRoot()).id;
  admin = await t.makePerson({ unitId: rootId, roles: [{ role: 'admin', unitId: rootId }] });
  auditor = await t.makePerson({ unitId: rootId, roles: [{ role: 'auditor', unitId: rootId }] });
});
afterAll(async () => {
  await t?.close();
});

const keysOf = (schema: unknown) => Object.keys(((schema as { shape?: Record<string, unknown> } | undefined)?.shape ?? {}) as object);

describe('OpenAPI document', () => {
  it('lists every registered route with its path and query parameters and its body', async () => {
    const a = await t.as(admin.login);
    const res = await a.get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const doc = res.raw.json() as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');

    const defs = new Map(registeredRoutes(t.app).map((r) => [`${r.def.method} ${r.def.url}`, r.def]));
    expect(t.app.xb.routes.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const r of t.app.xb.routes) {
      const key = `${r.method} ${r.url}`;
      const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      if (!op) {
        problems.push(`${key}: not in the document`);
        continue;
      }
      expect(op['x-access'], key).toEqual(r.access);
      const names = (where: string) => op.parameters.filter((p) => p.in === where).map((p) => p.name).sort();
      const pathNames = [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).sort();
      if (JSON.stringify(names('path')) !== JSON.stringify(pathNames)) problems.push(`${key}: path parameters ${names('path')} ≠ ${pathNames}`);
      const def = defs.get(key);
      if (!def) {
        problems.push(`${key}: not registered through route()`);
        continue;
      }
      const queryNames = keysOf(def.query).sort();
      if (JSON.stringify(names('query')) !== JSON.stringify(queryNames)) problems.push(`${key}: query parameters ${names('query')} ≠ ${queryNames}`);
      if (def.body && !op.requestBody) problems.push(`${key}: body not documented`);
      if (def.body) {
        const props = Object.keys((op.requestBody?.content['application/json']?.schema.properties ?? {}) as object).sort();
        if (JSON.stringify(props) !== JSON.stringify(keysOf(def.body).sort())) problems.push(`${key}: body fields ${props} ≠ ${keysOf(def.body)}`);
      }
    }
    expect(problems).toEqual([]);
    // The document has nothing the router does not have.
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(t.app.xb.routes.map((r) => `${r.method} ${openApiPath(r.url)}`).sort());

    // Spot checks of what the schemas say.
    const list = doc.paths['/api/submissions']!.get!;
    expect(list.parameters.find((p) => p.name === 'scope')).toMatchObject({ in: 'query', required: false, schema: { enum: ['mine', 'unit', 'all'] } });
    const person = doc.paths['/api/people/{id}']!.get!;
    expect(person.parameters.find((p) => p.name === 'id')).toMatchObject({ in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    const signIn = doc.paths['/api/auth/sign-in']!.post!;
    expect(signIn.requestBody?.content['application/json']?.schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['login', 'password']) });
    expect(signIn.security).toEqual([]);
    expect(doc.paths['/api/submissions/{id}/attachments']!.post!.requestBody?.content['multipart/form-data']).toBeDefined();
  });

  it('is readable as a page, one entry per operation, with no script', async () => {
    const a = await t.as(admin.login);
    const res = await a.get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.raw.body;
    expect(html).not.toContain('<script');
    for (const r of t.app.xb.routes) expect(html, `${r.method} ${r.url}`).toContain(`data-op="${r.method} ${openApiPath(r.url)}"`);
    expect(html).toContain('permission unit.manage');
  });

  it('is refused to everyone but administrators', async () => {
    const au = await t.as(auditor.login);
    expect((await au.get('/api/openapi.json')).status).toBe(403);
    expect((await au.get('/api/docs')).status).toBe(403);
    expect((await t.request('GET', '/api/openapi.json')).status).toBe(401);
  });
});

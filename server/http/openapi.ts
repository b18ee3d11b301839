/**
 * The OpenAPI 3.1 document of the API, generated from the same zod schemas the routes validate with
 * (zod 4's `z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses it), and a readable page of it.
 * Both are served to administrators: GET /api/openapi.json and GET /api/docs (a self-contained page
 * rendered on the server: no script, no CDN, so it works offline and under the strict CSP).
 */
import { z, type ZodType } from 'zod';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from './context';
import { defineRoute, registeredRoutes, type Access, type AnyRoute, type RouteTable } from './route';

type JsonSchema = Record<string, unknown>;
type Parameter = { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema; description?: string };
type Operation = {
  operationId: string;
  summary: string;
  tags: string[];
  'x-access': Access;
  security: Record<string, string[]>[];
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema> };
};

const toJson = (schema: ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** Path and query parameters from an object schema (each property one parameter). */
function parametersOf(schema: ZodType | undefined, where: 'path' | 'query'): Parameter[] {
  if (!schema) return [];
  const js = toJson(schema, 'input');
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

/** '/api/units/:id' → '/api/units/{id}'. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const accessText = (a: Access) => ('public' in a ? 'public' : 'signedIn' in a ? (a.allowRestricted ? 'signed in (also a restricted session)' : 'signed in') : `permission ${a.permission}`);

export function openApiDocument(routes: readonly { name: string | undefined; def: AnyRoute }[], version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const { name, def } of routes) {
    const p = openApiPath(def.url);
    const pathParams = parametersOf(def.params, 'path');
    // A path parameter the url names but no schema describes is still listed.
    for (const m of def.url.matchAll(/:([A-Za-z0-9_]+)/g)) {
      if (!pathParams.some((x) => x.name === m[1])) pathParams.push({ name: m[1]!, in: 'path', required: true, schema: { type: 'string' } });
    }
    const op: Operation = {
      operationId: name ?? `${def.method.toLowerCase()} ${def.url}`,
      summary: def.summary ?? `${def.method} ${def.url}`,
      tags: [name?.split('.')[0] ?? def.url.split('/')[2] ?? 'api'],
      'x-access': def.access,
      security: 'public' in def.access ? [] : [{ session: [] }],
      parameters: [...pathParams, ...parametersOf(def.query, 'query')],
      responses: {
        '200': def.produces
          ? { description: 'A file or page', content: Object.fromEntries(def.produces.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) }
          : {
              description: 'Success',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['success', 'data'],
                    properties: { success: { const: true }, data: def.response ? toJson(def.response, 'output') : {} },
                  },
                },
              },
            },
        default: { description: 'Failure (zh-CN or English by X-Locale / Accept-Language)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (def.body) op.requestBody = { required: true, content: { 'application/json': { schema: toJson(def.body, 'input') } } };
    if (def.multipart) {
      op.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } },
      };
    }
    (paths[p] ??= {})[def.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Xuanbao (宣报) API',
      version,
      description:
        'Every answer is `{ success: true, data }` or `{ success: false, errorCode, errorMessage, fields? }`. ' +
        'State changes need the header `X-Requested-With: xuanbao`. `x-access` is the rule the server enforces before the call.',
    },
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
      schemas: {
        Error: {
          type: 'object',
          required: ['success', 'errorCode', 'errorMessage'],
          properties: {
            success: { const: false },
            errorCode: { type: 'string' },
            errorMessage: { type: 'string' },
            fields: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pre = (v: unknown) => `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`;

/** The document as one HTML page (server-rendered; no script). */
export function openApiHtml(doc: OpenApiDocument): string {
  const ops = Object.entries(doc.paths).flatMap(([p, byMethod]) => Object.entries(byMethod).map(([m, op]) => ({ p, m, op })));
  const byTag = new Map<string, typeof ops>();
  for (const o of ops) byTag.set(o.op.tags[0] ?? 'api', [...(byTag.get(o.op.tags[0] ?? 'api') ?? []), o]);
  const section = ([tag, list]: [string, typeof ops]) => `
<section><h2 id="${esc(tag)}">${esc(tag)}</h2>${list
    .map(({ p, m, op }) => {
      const params = op.parameters.length
        ? `<table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${op.parameters
            .map((x) => `<tr><td><code>${esc(x.name)}</code></td><td>${x.in}</td><td>${x.required ? 'yes' : ''}</td><td><code>${esc(JSON.stringify(x.schema))}</code></td></tr>`)
            .join('')}</table>`
        : '';
      const body = op.requestBody ? `<h4>body (${esc(Object.keys(op.requestBody.content).join(', '))})</h4>${pre(Object.values(op.requestBody.content)[0]?.schema)}` : '';
      const ok = op.responses['200']?.content;
      const answer = ok ? `<h4>answer (${esc(Object.keys(ok).join(', '))})</h4>${pre(Object.values(ok)[0]?.schema)}` : '';
      return `<details data-op="${esc(`${m.toUpperCase()} ${p}`)}"><summary><span class="m ${m}">${m.toUpperCase()}</span> <code>${esc(p)}</code> — ${esc(op.summary)} <span class="acc">${esc(accessText(op['x-access']))}</span></summary>${params}${body}${answer}</details>`;
    })
    .join('\n')}</section>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} ${esc(doc.info.version)}</title>
<style>
body{font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1f1f1f}
h1{font-size:20px}h2{font-size:16px;border-bottom:1px solid #eee;padding-bottom:4px;margin-top:28px}h4{margin:8px 0 2px}
details{border:1px solid #e5e5e5;border-radius:6px;margin:6px 0;padding:6px 10px}summary{cursor:pointer}
.m{display:inline-block;min-width:56px;font-weight:600;font-family:ui-monospace,monospace}.get{color:#1677ff}.post{color:#389e0d}.put,.patch{color:#d46b08}.delete{color:#cf1322}
.acc{color:#8c8c8c;font-size:12px;margin-left:8px}pre{background:#fafafa;padding:8px;overflow:auto;font-size:12px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #eee;padding:2px 8px;text-align:left;font-size:12px;vertical-align:top}
</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description)}</p>
<p>${ops.length} operations · <a href="/api/openapi.json">openapi.json</a> · ${[...byTag.keys()].map((t) => `<a href="#${esc(t)}">${esc(t)}</a>`).join(' · ')}</p>
${[...byTag.entries()].map(section).join('\n')}
</body></html>`;
}

const VERSION = '0.1.0';

/** The document of the routes registered on this app. */
export const openApiOf = (app: FastifyInstance) => openApiDocument(registeredRoutes(app), VERSION);

export const docsRoutes = {
  openapi: defineRoute({
    method: 'GET',
    url: '/api/openapi.json',
    access: { permission: 'api.docs' },
    summary: 'This document (OpenAPI 3.1)',
    produces: ['application/json'],
    handler: async ({ req, reply }) => reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(openApiOf(req.server)),
  }),
  docs: defineRoute({
    method: 'GET',
    url: '/api/docs',
    access: { permission: 'api.docs' },
    summary: 'The API document as a page',
    produces: ['text/html'],
    handler: async ({ req, reply }) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(openApiHtml(openApiOf(req.server))),
  }),
} satisfies RouteTable;

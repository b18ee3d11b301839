/**
 * The one way the web app talks to the API. Every response is
 * `{ success: true, data }` or `{ success: false, errorCode, errorMessage, fields? }`;
 * failures become an `ApiError`, and `showError` is the one place that shows them.
 */
import type { FormInstance } from 'antd';
import { getLocale, tr } from '../i18n';
import { getFeedback } from './feedback';

export type FieldIssue = { path: string; message: string };

export class ApiError extends Error {
  /** True once the central handler has dealt with it (e.g. redirected to sign-in). */
  handled = false;
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields: FieldIssue[] = [],
    /** Facts the server adds for the client (e.g. `existingId` of a duplicate record). */
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

type Envelope<T> = { success: true; data: T } | { success: false; errorCode: string; errorMessage: string; fields?: FieldIssue[]; details?: Record<string, unknown> };

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Codes that mean "you are not signed in (any more)". */
const SIGNED_OUT = new Set(['auth/unauthenticated', 'auth/session_expired']);
/** Codes that mean "this session may only change its password / set up TOTP". */
const RESTRICTED = new Set(['auth/password_change_required', 'auth/totp_setup_required']);

type Hooks = { onSignedOut?: (e: ApiError) => void; onRestricted?: (e: ApiError) => void };
const hooks: Hooks = {};
/** The session provider registers what to do on 401 (go to sign-in) and on a restricted session. */
export function setRequestHooks(h: Hooks): void {
  Object.assign(hooks, h);
}

export function buildUrl(url: string, query?: Query): string {
  if (!query) return url;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  const s = qs.toString();
  return s ? `${url}${url.includes('?') ? '&' : '?'}${s}` : url;
}

function headersFor(method: Method, hasBody: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', 'X-Locale': getLocale() };
  // CSRF defence: the server refuses state changes without this header.
  if (method !== 'GET') h['X-Requested-With'] = 'xuanbao';
  if (hasBody) h['Content-Type'] = 'application/json';
  return h;
}

async function send(method: Method, url: string, opts: { body?: unknown; query?: Query; signal?: AbortSignal }): Promise<Response> {
  try {
    return await fetch(buildUrl(url, opts.query), {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, opts.body !== undefined),
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network/unreachable', tr('error.network'));
  }
}

/** The ApiError of a failed answer; runs the hooks (sign-in on an expired session …) first. */
function failure(res: { status: number }, body: Envelope<unknown> | null): ApiError {
  const err =
    body && body.success === false
      ? new ApiError(res.status, body.errorCode, body.errorMessage, body.fields ?? [], body.details ?? {})
      : new ApiError(res.status, res.status >= 500 ? 'common/internal' : 'common/unexpected', tr('error.server', { status: res.status }));
  if (res.status === 401 && SIGNED_OUT.has(err.code) && hooks.onSignedOut) hooks.onSignedOut(err);
  if (res.status === 403 && RESTRICTED.has(err.code) && hooks.onRestricted) hooks.onRestricted(err);
  return err;
}

function parseEnvelope<T>(text: string): Envelope<T> | null {
  try {
    return JSON.parse(text) as Envelope<T>;
  } catch {
    return null;
  }
}

/**
 * Uploads one file (multipart field `file`) with progress. fetch cannot report upload progress, so
 * this is the one XMLHttpRequest in the app; it sends the same headers, and its answer goes through
 * the same path as every other request: the same ApiError, and an expired session leads to sign-in.
 */
export function upload<T>(url: string, file: File, opts: { query?: Query; onProgress?: (percent: number) => void; signal?: AbortSignal } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(url, opts.query));
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(headersFor('POST', false))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network/unreachable', tr('error.network')));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      const body = parseEnvelope<T>(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body?.success === true) resolve(body.data);
      else reject(failure({ status: xhr.status }, body));
    };
    opts.signal?.addEventListener('abort', () => xhr.abort());
    const fd = new FormData();
    fd.append('file', file, file.name);
    xhr.send(fd);
  });
}

export async function request<T>(method: Method, url: string, opts: { body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<T> {
  const res = await send(method, url, opts);
  let body: Envelope<T> | null = null;
  try {
    body = (await res.json()) as Envelope<T>;
  } catch {
    body = null;
  }
  if (!res.ok || !body || body.success !== true) throw failure(res, body);
  return body.data;
}

export const api = {
  get: <T>(url: string, query?: Query, signal?: AbortSignal) => request<T>('GET', url, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(url: string, body?: unknown) => request<T>('POST', url, { body: body ?? {} }),
  put: <T>(url: string, body?: unknown) => request<T>('PUT', url, { body: body ?? {} }),
  patch: <T>(url: string, body?: unknown) => request<T>('PATCH', url, { body: body ?? {} }),
  del: <T>(url: string) => request<T>('DELETE', url),
};

/** `attachment; filename="audit-2025-01-01.xlsx"` → the file name. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** GETs a file (with our headers and the session cookie) and hands it to the browser as a download. */
export async function download(url: string, query: Query, fallbackName: string): Promise<void> {
  const res = await send('GET', url, { query });
  if (!res.ok) {
    let body: Envelope<unknown> | null = null;
    try {
      body = (await res.json()) as Envelope<unknown>;
    } catch {
      body = null;
    }
    throw failure(res, body);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameFrom(res.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** "roles.0.unitId" → ['roles', 0, 'unitId'] (an antd Form name path). */
export function fieldNamePath(path: string): (string | number)[] {
  return path
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const sameName = (a: readonly (string | number)[], b: readonly (string | number)[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Field issues split into those the form shows next to a field and the rest (shown in the toast).
 * `registered` are the name paths of the form's fields.
 */
export function splitFieldIssues(fields: FieldIssue[], registered: readonly (readonly (string | number)[])[]) {
  const onFields: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: string[] = [];
  for (const f of fields) {
    const name = fieldNamePath(f.path);
    const hit = name.length > 0 && registered.some((r) => sameName(r, name));
    if (!hit) {
      rest.push(f.path ? `${f.path}: ${f.message}` : f.message);
      continue;
    }
    const existing = onFields.find((o) => sameName(o.name, name));
    if (existing) existing.errors.push(f.message);
    else onFields.push({ name, errors: [f.message] });
  }
  return { onFields, rest };
}

/**
 * The one error handler. Shows `errorMessage`; with a form, puts field issues next to their fields
 * (only errors are set: what the user typed stays), and errors whose code names one field
 * (`codeFields`, e.g. person/login_taken → login) next to that field too. Errors already handled
 * (redirect to sign-in) and aborted requests are silent.
 */
export function showError(err: unknown, form?: FormInstance, codeFields?: Record<string, (string | number)[] | string>): void {
  if (err instanceof DOMException && err.name === 'AbortError') return;
  const fb = getFeedback();
  if (!isApiError(err)) {
    console.error(err);
    fb?.message.error(tr('error.unexpected'));
    return;
  }
  if (err.handled) return;
  let rest = err.fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message));
  const named = codeFields?.[err.code];
  if (form && named !== undefined) form.setFields([{ name: named, errors: [err.message] }]);
  if (form && err.fields.length) {
    const registered = form.getFieldsError().map((f) => f.name);
    const split = splitFieldIssues(err.fields, registered);
    if (split.onFields.length) form.setFields(split.onFields);
    rest = split.rest;
  }
  if (rest.length && fb) {
    fb.notification.error({ title: err.message, description: rest.join('\n'), style: { whiteSpace: 'pre-line' } });
  } else {
    fb?.message.error(err.message);
  }
}

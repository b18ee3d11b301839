import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCurrentLocale } from '../i18n';
import { api, ApiError, buildUrl, fieldNamePath, fileNameFrom, setRequestHooks, splitFieldIssues, upload } from './request';

type Call = { url: string; init: RequestInit };

/** Replaces fetch with a server that answers `body` with `status`, and records what was sent. */
function serve(status: number, body: unknown): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}
const headers = (c: Call) => c.init.headers as Record<string, string>;

afterEach(() => {
  vi.unstubAllGlobals();
  setRequestHooks({ onSignedOut: () => undefined, onRestricted: () => undefined });
  setCurrentLocale('zh-CN');
});

describe('request', () => {
  it('sends the CSRF header on every non-GET request, never on GET, and the locale on all', async () => {
    const calls = serve(200, { success: true, data: { ok: 1 } });
    setCurrentLocale('en');
    expect(await api.get('/api/x', { a: 1, b: '', c: undefined, d: true })).toEqual({ ok: 1 });
    await api.post('/api/x', { n: 1 });
    await api.patch('/api/x', {});
    await api.put('/api/x', {});
    await api.del('/api/x');
    expect(calls[0]!.url).toBe('/api/x?a=1&d=1');
    expect(headers(calls[0]!)['X-Requested-With']).toBeUndefined();
    for (const c of calls.slice(1)) expect(headers(c)['X-Requested-With']).toBe('xuanbao');
    for (const c of calls) expect(headers(c)['X-Locale']).toBe('en');
    expect(calls[1]!.init.body).toBe('{"n":1}');
    expect(calls[1]!.init.method).toBe('POST');
    expect(calls[4]!.init.method).toBe('DELETE');
  });

  it('turns a failure envelope into an ApiError with code, message and fields', async () => {
    serve(400, { success: false, errorCode: 'common/validation', errorMessage: '输入有误', fields: [{ path: 'roles.0.unitId', message: '无效' }] });
    const err = await api.post('/api/people', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'common/validation', message: '输入有误', fields: [{ path: 'roles.0.unitId', message: '无效' }] });
  });

  it('sends the person to sign-in on 401 unauthenticated / expired, but not on a wrong password', async () => {
    const signedOut: string[] = [];
    setRequestHooks({ onSignedOut: (e) => signedOut.push(e.code) });
    serve(401, { success: false, errorCode: 'auth/session_expired', errorMessage: '会话已过期' });
    await api.get('/api/units').catch(() => undefined);
    serve(401, { success: false, errorCode: 'auth/invalid_credentials', errorMessage: '账号或密码错误' });
    await api.post('/api/auth/sign-in', {}).catch(() => undefined);
    expect(signedOut).toEqual(['auth/session_expired']);
  });

  it('reports a restricted session (must change password) so the app can redirect', async () => {
    const restricted: string[] = [];
    setRequestHooks({ onRestricted: (e) => restricted.push(e.code) });
    serve(403, { success: false, errorCode: 'auth/password_change_required', errorMessage: '请先修改初始密码' });
    await api.get('/api/units').catch(() => undefined);
    serve(403, { success: false, errorCode: 'auth/forbidden', errorMessage: '无权执行此操作' });
    await api.get('/api/units').catch(() => undefined);
    expect(restricted).toEqual(['auth/password_change_required']);
  });

  it('answers a non-JSON error (proxy down) with a generic ApiError', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    const err = (await api.get('/api/health').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('common/internal');
    expect(err.message).toContain('502');
  });

  it('answers an unreachable server with a network ApiError', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = (await api.get('/api/health').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('network/unreachable');
  });
});

describe('field errors', () => {
  it('maps API paths to form name paths', () => {
    expect(fieldNamePath('roles.0.unitId')).toEqual(['roles', 0, 'unitId']);
    expect(fieldNamePath('login')).toEqual(['login']);
    expect(fieldNamePath('')).toEqual([]);
  });

  it('puts issues on registered fields and keeps the rest for the message', () => {
    const r = splitFieldIssues(
      [
        { path: 'login', message: 'taken' },
        { path: 'roles.1.role', message: 'bad role' },
        { path: 'login', message: 'too short' },
        { path: 'secret', message: 'unknown field' },
        { path: '', message: 'general' },
      ],
      [['login'], ['name'], ['roles', 1, 'role']],
    );
    expect(r.onFields).toEqual([
      { name: ['login'], errors: ['taken', 'too short'] },
      { name: ['roles', 1, 'role'], errors: ['bad role'] },
    ]);
    expect(r.rest).toEqual(['secret: unknown field', 'general']);
  });
});

describe('helpers', () => {
  it('buildUrl appends to an existing query', () => {
    expect(buildUrl('/a?x=1', { y: 2 })).toBe('/a?x=1&y=2');
    expect(buildUrl('/a', {})).toBe('/a');
  });
  it('reads the file name from content-disposition', () => {
    expect(fileNameFrom('attachment; filename="audit-2025-01-02.xlsx"', 'f')).toBe('audit-2025-01-02.xlsx');
    expect(fileNameFrom("attachment; filename*=UTF-8''%E5%AE%A1%E8%AE%A1.csv", 'f')).toBe('审计.csv');
    expect(fileNameFrom(null, 'f.csv')).toBe('f.csv');
  });
});

/** A stand-in XMLHttpRequest that answers `status` / `body` on send and records what was sent. */
function serveUpload(status: number, body: unknown) {
  const sent: { method: string; url: string; headers: Record<string, string>; body: unknown }[] = [];
  class FakeXhr {
    status = 0;
    responseText = '';
    withCredentials = false;
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private req = { method: '', url: '', headers: {} as Record<string, string>, body: undefined as unknown };
    open(method: string, url: string) {
      this.req.method = method;
      this.req.url = url;
    }
    setRequestHeader(k: string, v: string) {
      this.req.headers[k] = v;
    }
    abort() {
      this.onabort?.();
    }
    send(b: unknown) {
      this.req.body = b;
      sent.push(this.req);
      this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 });
      this.status = status;
      this.responseText = JSON.stringify(body);
      queueMicrotask(() => this.onload?.());
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return sent;
}

describe('upload', () => {
  const file = new File(['x'], '照片.jpg', { type: 'image/jpeg' });

  it('sends the file with our headers and returns the data', async () => {
    const sent = serveUpload(200, { success: true, data: { id: 'a1' } });
    const progress: number[] = [];
    expect(await upload('/api/submissions/s1/attachments', file, { query: { purpose: 'material' }, onProgress: (p) => progress.push(p) })).toEqual({ id: 'a1' });
    expect(sent[0]).toMatchObject({ method: 'POST', url: '/api/submissions/s1/attachments?purpose=material', headers: { 'X-Requested-With': 'xuanbao', 'X-Locale': 'zh-CN' } });
    expect(progress).toEqual([50]);
  });

  it('goes through the one error path: an expired session leads to sign-in', async () => {
    const signedOut: string[] = [];
    setRequestHooks({
      onSignedOut: (e) => {
        e.handled = true;
        signedOut.push(e.code);
      },
    });
    serveUpload(401, { success: false, errorCode: 'auth/session_expired', errorMessage: '会话已过期，请重新登录' });
    const err = await upload('/api/submissions/s1/attachments', file).catch((e: unknown) => e);
    expect(signedOut).toEqual(['auth/session_expired']);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'auth/session_expired', handled: true });
    // A business refusal stays the file's own error, with no redirect.
    serveUpload(400, { success: false, errorCode: 'submission/file_type', errorMessage: '不支持的文件类型' });
    expect(await upload('/api/x', file).catch((e: unknown) => e)).toMatchObject({ status: 400, code: 'submission/file_type', handled: false });
    expect(signedOut).toEqual(['auth/session_expired']);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCurrentLocale } from '../i18n';
import { ApiError, setRequestHooks } from './request';
import { uploadFile } from './upload';

/** A stand-in for the browser's XMLHttpRequest that answers `status` with `body` after reporting progress. */
function serveUpload(status: number, body: unknown) {
  const sent: { method: string; url: string; headers: Record<string, string>; form: FormData | null }[] = [];
  class FakeXhr {
    status = 0;
    responseText = '';
    withCredentials = false;
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private req = { method: '', url: '', headers: {} as Record<string, string>, form: null as FormData | null };
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
    send(form: FormData) {
      this.req.form = form;
      sent.push(this.req);
      queueMicrotask(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
        this.status = status;
        this.responseText = JSON.stringify(body);
        this.onload?.();
      });
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setRequestHooks({ onSignedOut: () => undefined, onRestricted: () => undefined });
  setCurrentLocale('zh-CN');
});

const file = () => new Blob(['hello'], { type: 'text/plain' });

describe('uploadFile', () => {
  it('sends the file with the CSRF and locale headers, reports progress and returns the data', async () => {
    const sent = serveUpload(201, { success: true, data: { id: 'a1' } });
    setCurrentLocale('en');
    const progress: number[] = [];
    expect(await uploadFile('/api/submissions/s1/attachments?purpose=material', file(), '现场.jpg', { onProgress: (p) => progress.push(p) })).toEqual({ id: 'a1' });
    expect(sent[0]).toMatchObject({ method: 'POST', url: '/api/submissions/s1/attachments?purpose=material', headers: { 'X-Requested-With': 'xuanbao', 'X-Locale': 'en' } });
    expect((sent[0]!.form!.get('file') as File).name).toBe('现场.jpg');
    expect(progress).toEqual([50]);
  });

  it('sends the person to sign-in when the session expired during the upload, like any other request', async () => {
    const signedOut: string[] = [];
    setRequestHooks({ onSignedOut: (e) => ((e.handled = true), signedOut.push(e.code)) });
    serveUpload(401, { success: false, errorCode: 'auth/session_expired', errorMessage: '会话已过期，请重新登录' });
    const err = await uploadFile('/api/x', file(), 'a.txt').catch((e: unknown) => e);
    expect(signedOut).toEqual(['auth/session_expired']);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'auth/session_expired', handled: true });
  });

  it('reports a restricted session and turns a refusal into an ApiError with the server message', async () => {
    const restricted: string[] = [];
    setRequestHooks({ onRestricted: (e) => restricted.push(e.code) });
    serveUpload(403, { success: false, errorCode: 'auth/password_change_required', errorMessage: '请先修改密码' });
    await uploadFile('/api/x', file(), 'a.txt').catch(() => undefined);
    expect(restricted).toEqual(['auth/password_change_required']);
    serveUpload(413, { success: false, errorCode: 'file/too_large', errorMessage: '文件过大' });
    expect(await uploadFile('/api/x', file(), 'a.txt').catch((e: unknown) => e)).toMatchObject({ status: 413, code: 'file/too_large', message: '文件过大', handled: false });
  });

  it('says the server failed when the answer is not the API envelope', async () => {
    serveUpload(502, '<html>Bad Gateway</html>');
    expect(await uploadFile('/api/x', file(), 'a.txt').catch((e: unknown) => e)).toMatchObject({ status: 502, code: 'common/internal' });
  });
});

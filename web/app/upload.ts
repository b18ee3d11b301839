/**
 * Sends one file (multipart field `file`) with upload progress. fetch cannot report upload
 * progress, so this is the one XMLHttpRequest in the app. It sends the same headers as `request`
 * and its failures take the same path: an expired session leads to sign-in (the error comes back
 * `handled`), a restricted session to the password change, anything else is an ApiError with the
 * server's message.
 */
import { getLocale, tr } from '../i18n';
import { ApiError, failure } from './request';

export type UploadOptions = { onProgress?: (percent: number) => void; signal?: AbortSignal };

type Envelope<T> = { success: true; data: T } | { success: false; errorCode: string; errorMessage: string; fields?: { path: string; message: string }[] };

export function uploadFile<T>(url: string, file: File | Blob, fileName: string, opts: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Locale', getLocale());
    // CSRF defence, as on every other state change.
    xhr.setRequestHeader('X-Requested-With', 'xuanbao');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network/unreachable', tr('error.network')));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let body: Envelope<T> | null = null;
      try {
        body = JSON.parse(xhr.responseText) as Envelope<T>;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body?.success === true) resolve(body.data);
      else reject(failure(xhr.status, body));
    };
    opts.signal?.addEventListener('abort', () => xhr.abort());
    const fd = new FormData();
    fd.append('file', file, fileName);
    xhr.send(fd);
  });
}

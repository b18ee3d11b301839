import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import sharp, { type OutputInfo } from 'sharp';
import { appError } from '../errors';
import type { FileStore } from '../files/files';
import { checkPdf, videoParses } from './containers';

/**
 * Upload handling: the type comes from the bytes (never the name), images are re-encoded (which drops
 * EXIF, GPS and any trailing payload) and get a thumbnail, and accepted files go to the file store
 * (server/files, content-addressed). Pure of the database.
 */
export type FileKind = 'image' | 'video' | 'document';

type Allowed = { kind: FileKind; exts: string[] };
const ALLOWED: Record<string, Allowed> = {
  'image/jpeg': { kind: 'image', exts: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  'image/png': { kind: 'image', exts: ['png'] },
  'image/webp': { kind: 'image', exts: ['webp'] },
  'image/gif': { kind: 'image', exts: ['gif'] },
  'image/heic': { kind: 'image', exts: ['heic', 'heif'] },
  'image/tiff': { kind: 'image', exts: ['tif', 'tiff'] },
  'video/mp4': { kind: 'video', exts: ['mp4', 'm4v'] },
  'video/quicktime': { kind: 'video', exts: ['mov', 'qt'] },
  'video/webm': { kind: 'video', exts: ['webm'] },
  'video/x-matroska': { kind: 'video', exts: ['mkv'] },
  'video/x-msvideo': { kind: 'video', exts: ['avi'] },
  // file-type names AVI video/vnd.avi (its IANA name); without this line every AVI was refused.
  'video/vnd.avi': { kind: 'video', exts: ['avi'] },
  'application/pdf': { kind: 'document', exts: ['pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'document', exts: ['docx', 'wps'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'document', exts: ['xlsx', 'et'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { kind: 'document', exts: ['pptx', 'dps'] },
  'application/x-cfb': { kind: 'document', exts: ['doc', 'xls', 'ppt', 'wps', 'et', 'dps'] },
};

/**
 * A safe display name: no folders, no control characters or NUL, no leading dots, at most 120
 * characters; the extension is the one the bytes say.
 */
export function safeFilename(raw: string, ext: string): string {
  const base = raw.replace(/\\/g, '/').split('/').pop() ?? '';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  let stem = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^\.+/, '').trim();
  const dot = stem.lastIndexOf('.');
  if (dot > 0) stem = stem.slice(0, dot);
  stem = stem.slice(0, 120) || 'file';
  return `${stem}.${ext}`;
}

function lastExtension(name: string): string | null {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(base);
  return m ? m[1]!.toLowerCase() : null;
}

export type StoredFile = {
  sha256: string;
  originalSha256: string;
  filename: string;
  mime: string;
  size: number;
  fileKind: FileKind;
  width: number | null;
  height: number | null;
  thumbSha256: string | null;
};

export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`);

/**
 * Streams an upload to a temporary file (never whole into memory), checks size and type from the
 * bytes, re-encodes images without metadata, and stores the result. On any refusal nothing is kept.
 */
export async function storeUpload(opts: {
  store: FileStore;
  stream: Readable;
  filename: string;
  limits: Record<FileKind, number>;
}): Promise<StoredFile> {
  const { store, filename } = opts;
  const base = filename.replace(/\\/g, '/').split('/').pop() ?? '';
  if (!base.trim() || base.includes('\u0000')) {
    opts.stream.resume();
    throw appError('upload/bad_name');
  }
  // The upload is checked in the store's local scratch folder (swept at start if a crash leaves it).
  const tmp = path.join(store.scratchDir, `upload-${randomBytes(12).toString('hex')}`);
  const maxAny = Math.max(...Object.values(opts.limits));
  const cleanup = () => fs.rmSync(tmp, { force: true });
  try {
    let size = 0;
    const h = createHash('sha256');
    const out = fs.createWriteStream(tmp, { mode: 0o600 });
    let tooBig = false;
    await pipeline(opts.stream, async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > maxAny) {
          tooBig = true;
          continue; // drain the rest of the request, keep nothing
        }
        h.update(chunk);
        yield chunk;
      }
    }, out);
    if (tooBig || (opts.stream as Readable & { truncated?: boolean }).truncated) {
      throw appError('upload/too_large', { name: base, limit: formatBytes(maxAny) });
    }
    const originalSha256 = h.digest('hex');
    const type = await fileTypeFromFile(tmp);
    const allowed = type ? ALLOWED[type.mime] : undefined;
    if (!type || !allowed) throw appError('upload/type_not_allowed');
    const ext = lastExtension(base);
    if (ext && !allowed.exts.includes(ext)) throw appError('upload/type_mismatch', { name: base });
    if (size > opts.limits[allowed.kind]) throw appError('upload/too_large', { name: base, limit: formatBytes(opts.limits[allowed.kind]) });

    if (type.mime === 'application/pdf') {
      const pdf = checkPdf(await fs.promises.readFile(tmp));
      if (!pdf.ok && pdf.reason === 'active') throw appError('upload/pdf_active_content', { name: base, what: pdf.names.map((n) => `/${n}`).join(' ') });
      if (!pdf.ok) throw appError('upload/pdf_unchecked', { name: base });
    }
    if (allowed.kind === 'video' && !(await videoParses(tmp, type.mime))) throw appError('upload/bad_video', { name: base });
    if (allowed.kind !== 'image') {
      const { sha256: sha } = await store.putFile(tmp, { move: true, sha256: originalSha256 });
      return { sha256: sha, originalSha256, filename: safeFilename(base, allowed.exts[0]!), mime: type.mime, size, fileKind: allowed.kind, width: null, height: null, thumbSha256: null };
    }
    // Re-encode: apply the EXIF orientation, then write pixels only (sharp drops metadata by default).
    let encoded: Buffer;
    let info: OutputInfo;
    const outExt = type.mime === 'image/png' ? 'png' : type.mime === 'image/webp' ? 'webp' : 'jpg';
    const outMime = outExt === 'png' ? 'image/png' : outExt === 'webp' ? 'image/webp' : 'image/jpeg';
    try {
      const img = sharp(tmp, { limitInputPixels: 100_000_000, failOn: 'error' }).rotate();
      const res = await (outExt === 'png' ? img.png() : outExt === 'webp' ? img.webp({ quality: 90 }) : img.jpeg({ quality: 90, mozjpeg: true })).toBuffer({ resolveWithObject: true });
      encoded = res.data;
      info = res.info;
    } catch {
      throw appError('upload/bad_image', { name: base });
    }
    const thumb = await sharp(encoded).resize({ width: 480, height: 480, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
    const { sha256: sha } = await store.put(encoded);
    const { sha256: thumbSha } = await store.put(thumb);
    return {
      sha256: sha,
      originalSha256,
      filename: safeFilename(base, outExt),
      mime: outMime,
      size: encoded.length,
      fileKind: 'image',
      width: info.width,
      height: info.height,
      thumbSha256: thumbSha,
    };
  } finally {
    cleanup();
  }
}

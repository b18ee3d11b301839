import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { LocalFileStore } from '../files/local';
import { safeFilename, storeUpload } from './files';

/** The upload attack corpus: what a hostile or careless upload looks like, and what must happen. */
let dataDir: string;
let store: LocalFileStore;
let jpegWithGps: Buffer;
let png: Buffer;
const limits = { image: 2 * 1024 * 1024, video: 5 * 1024 * 1024, document: 1024 * 1024 };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-files-'));
  store = new LocalFileStore(path.join(dataDir, 'files'), path.join(dataDir, 'tmp'));
  jpegWithGps = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0392b' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestCam', Artist: '王磊' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '38/1 35/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '108/1 50/1 0/1' } })
    .toBuffer();
  png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#ffffff' } }).png().toBuffer();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const upload = (bytes: Buffer | string, filename: string) => storeUpload({ store, stream: Readable.from([Buffer.from(bytes)]), filename, limits });
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    return (e as AppError).code;
  }
};
const tmpLeft = () => (fs.existsSync(path.join(dataDir, 'tmp')) ? fs.readdirSync(path.join(dataDir, 'tmp')) : []);

describe('storeUpload', () => {
  it('re-encodes a JPEG: EXIF and GPS are gone, a thumbnail is made, the file is stored by hash', async () => {
    expect((await sharp(jpegWithGps).metadata()).exif).toBeDefined();
    const f = await upload(jpegWithGps, '现场照片.jpg');
    expect(f).toMatchObject({ mime: 'image/jpeg', fileKind: 'image', filename: '现场照片.jpg', width: 64, height: 48 });
    const stored = fs.readFileSync(store.blobPath(f.sha256));
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('TestCam'))).toBe(false);
    expect(f.thumbSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(store.blobPath(f.thumbSha256!))).toBe(true);
    expect(f.originalSha256).not.toBe(f.sha256);
  });

  it.each([
    ['double extension with a script extension', 'x.jpg.php', 'upload/type_mismatch'],
    ['PNG bytes named .jpg', 'photo.jpg', 'upload/type_mismatch'],
  ])('refuses %s', async (_, name, code) => {
    const bytes = name === 'photo.jpg' ? png : jpegWithGps;
    expect(await refusal(upload(bytes, name))).toBe(code);
  });

  it('refuses SVG (script inside) and HTML whatever they are called', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    expect(await refusal(upload(svg, 'logo.svg'))).toBe('upload/type_not_allowed');
    expect(await refusal(upload(svg, 'logo.png'))).toBe('upload/type_not_allowed');
    expect(await refusal(upload('<html><script>alert(1)</script></html>', 'a.pdf'))).toBe('upload/type_not_allowed');
  });

  it('strips folders and NUL from names, and refuses an empty or NUL-only name', async () => {
    const f = await upload(jpegWithGps, '../../etc/passwd.jpg');
    expect(f.filename).toBe('passwd.jpg');
    expect(safeFilename('..\\..\\windows\\a\u0000b.jpeg', 'jpg')).toBe('ab.jpg');
    expect(safeFilename('.hidden.jpg', 'jpg')).toBe('hidden.jpg');
    expect(await refusal(upload(jpegWithGps, '\u0000'))).toBe('upload/bad_name');
    expect(await refusal(upload(jpegWithGps, ''))).toBe('upload/bad_name');
  });

  it('refuses an oversize file and keeps nothing of it', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 1);
    expect(await refusal(upload(big, 'big.mp4'))).toBe('upload/too_large');
    // A PDF over the document limit (1 MiB here) but under the largest limit is refused by kind.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1.5 * 1024 * 1024, 32)]);
    expect(await refusal(upload(pdf, 'report.pdf'))).toBe('upload/too_large');
    expect(tmpLeft()).toEqual([]);
  });

  it('refuses a polyglot that is not really an image, and a truncated image', async () => {
    // GIF header followed by script: sniffed as GIF, but cannot be decoded as an image.
    const polyglot = Buffer.from('GIF89a/*\u0000\u0000*/=1;alert(1)//');
    expect(await refusal(upload(polyglot, 'a.gif'))).toBe('upload/bad_image');
    expect(await refusal(upload(jpegWithGps.subarray(0, 100), 'cut.jpg'))).toBe('upload/bad_image');
    expect(tmpLeft()).toEqual([]);
  });

  it('accepts a PDF as is and stores identical bytes once', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const a = await upload(pdf, '应对方案.pdf');
    const b = await upload(pdf, '应对方案-副本.pdf');
    expect(a).toMatchObject({ mime: 'application/pdf', fileKind: 'document', filename: '应对方案.pdf' });
    expect(a.sha256).toBe(b.sha256);
    expect(fs.readFileSync(store.blobPath(a.sha256))).toEqual(pdf);
  });
});

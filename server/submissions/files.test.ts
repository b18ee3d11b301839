import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { LocalFileStore } from '../files/local';
import { deflateSync } from 'node:zlib';
import { safeFilename, storeUpload } from './files';
import { mp4Box, tinyAvi, tinyMp4, tinyWebm } from './containers.fixtures';

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

describe('active content in PDFs (issue 7, item 17)', () => {
  const clean = '%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
  const pdf = (body: string) => `%PDF-1.7\n${body}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  const objStm = (inner: string, filter = '/Filter/FlateDecode', extra = '') => {
    const data = filter ? deflateSync(Buffer.from(inner)) : Buffer.from(inner);
    return Buffer.concat([
      Buffer.from(`%PDF-1.7\n${extra}5 0 obj\n<</Type/ObjStm/N 1/First 4/DecodeParms<</Columns 4>>${filter}/Length ${data.length}>>stream\n`),
      data,
      Buffer.from('\nendstream\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
    ]);
  };

  it('accepts a plain PDF', async () => {
    expect(await refusal(upload(clean, '通报.pdf'))).toBe('accepted');
    expect(await refusal(upload(objStm('6 0 <</Type/Font/Subtype/Type1/BaseFont/Helvetica>>'), '压缩对象.pdf'))).toBe('accepted');
  });

  it.each([
    ['JavaScript on open', pdf('1 0 obj<</Type/Catalog/OpenAction 3 0 R>>endobj\n3 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj'), '/JS /JavaScript /OpenAction'],
    ['a Launch action', pdf('1 0 obj<</Type/Catalog/OpenAction<</S/Launch/F(cmd.exe)>>>>endobj'), '/Launch /OpenAction'],
    ['an embedded file', pdf('1 0 obj<</Type/Catalog/Names<</EmbeddedFiles 4 0 R>>>>endobj\n4 0 obj<</Type/EmbeddedFile/Length 3>>stream\nabc\nendstream endobj'), '/EmbeddedFile /EmbeddedFiles'],
    ['additional actions on a page', pdf('3 0 obj<</Type/Page/AA<</O 5 0 R>>>>endobj'), '/AA'],
    ['a name hidden with #xx escapes', pdf('1 0 obj<</Type/Catalog/Open#41ction<</S/J#61vaScript/J#53(x)>>>>endobj'), '/JS /JavaScript /OpenAction'],
  ])('refuses %s, naming what it found', async (_, bytes, what) => {
    try {
      await upload(bytes, '通报.pdf');
      throw new Error('accepted');
    } catch (e) {
      expect((e as AppError).code).toBe('upload/pdf_active_content');
      expect((e as AppError).params).toMatchObject({ name: '通报.pdf', what });
    }
    expect(tmpLeft()).toEqual([]);
  });

  it('looks inside compressed object streams, and refuses what it cannot check', async () => {
    expect(await refusal(upload(objStm('6 0 <</S/JavaScript/JS(app.alert(1))>>'), 'a.pdf'))).toBe('upload/pdf_active_content');
    expect(await refusal(upload(objStm('6 0 <</Type/Action/S/Launch>>', ''), 'b.pdf'))).toBe('upload/pdf_active_content');
    expect(await refusal(upload(objStm('6 0 <<>>', '/Filter/LZWDecode'), 'c.pdf'))).toBe('upload/pdf_unchecked');
    // Encrypted object streams cannot be read: refused as unchecked, not let through.
    expect(await refusal(upload(objStm('6 0 <<>>', '/Filter/FlateDecode', '9 0 obj<</Filter/Standard/V 2>>endobj\ntrailer<</Encrypt 9 0 R>>\n'), 'd.pdf'))).toBe('upload/pdf_unchecked');
    // A corrupt deflate stream is not silently skipped.
    const broken = Buffer.from('%PDF-1.7\n5 0 obj<</Type/ObjStm/Filter/FlateDecode/Length 5>>stream\nxxxxx\nendstream endobj\n%%EOF\n');
    expect(await refusal(upload(broken, 'e.pdf'))).toBe('upload/pdf_unchecked');
  });
});

describe('videos must parse as their container (issue 7, item 17)', () => {
  it('accepts a well-formed MP4, QuickTime, WebM and AVI', async () => {
    expect(await upload(tinyMp4(), '现场视频.mp4')).toMatchObject({ mime: 'video/mp4', fileKind: 'video' });
    expect(await upload(tinyMp4('qt  '), '现场视频.mov')).toMatchObject({ mime: 'video/quicktime', fileKind: 'video' });
    expect(await upload(tinyWebm(), '现场视频.webm')).toMatchObject({ mime: 'video/webm', fileKind: 'video' });
    expect(await upload(tinyAvi(), '现场视频.avi')).toMatchObject({ mime: 'video/vnd.avi', fileKind: 'video' });
  });

  it.each([
    ['an ftyp header followed by anything else', () => Buffer.concat([mp4Box('ftyp', Buffer.from('isom\0\0\0\0isommp41')), Buffer.from('<?php system($_GET[1]); ?>')]), 'a.mp4'],
    ['an MP4 without a movie box', () => Buffer.concat([mp4Box('ftyp', Buffer.from('isom\0\0\0\0isom')), mp4Box('mdat', Buffer.alloc(64))]), 'b.mp4'],
    ['an MP4 whose movie box has no track', () => Buffer.concat([mp4Box('ftyp', Buffer.from('isom\0\0\0\0isom')), mp4Box('moov', mp4Box('mvhd', Buffer.alloc(100))), mp4Box('mdat', Buffer.alloc(8))]), 'c.mp4'],
    ['a truncated MP4', () => tinyMp4().subarray(0, tinyMp4().length - 10), 'd.mp4'],
    ['a WebM header with nothing after it', () => tinyWebm().subarray(0, 40), 'e.webm'],
    ['a RIFF AVI without frames', () => tinyAvi(false), 'f.avi'],
  ])('refuses %s', async (_, bytes, name) => {
    expect(await refusal(upload(bytes(), name))).toBe('upload/bad_video');
    expect(tmpLeft()).toEqual([]);
  });
});

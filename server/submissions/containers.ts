/**
 * Checks of an upload's inside, after its type was read from the magic bytes (files.ts):
 *
 * - PDF: refused when it carries active content. What is checked: every name token of the file
 *   (with `#xx` escapes decoded, so `/J#61vaScript` is `/JavaScript`) against /JavaScript, /JS,
 *   /OpenAction, /AA (additional actions), /Launch, /EmbeddedFile(s), /RichMedia, /XFA, /SubmitForm,
 *   /ImportData, /GoToE and /GoToR; the same inside every compressed object stream (`/Type /ObjStm`,
 *   inflated with zlib, FlateDecode being the only filter allowed on object streams that we accept:
 *   an object stream we cannot inflate is refused as unchecked). Page content streams are not
 *   inflated: actions cannot live there. An encrypted PDF with object streams cannot be checked
 *   (their bytes are encrypted) and is refused as unchecked; an encrypted PDF without them is checked
 *   like any other (names are never encrypted).
 * - Video: the container must parse. MP4/QuickTime: the top-level boxes (size + type, 64-bit sizes,
 *   size 0 = to the end) tile the file exactly, there is a `moov` box (or fragments: `moof`) and media
 *   data (`mdat`), and `moov` holds an `mvhd` and at least one `trak`. WebM/Matroska: an EBML header
 *   whose DocType is webm or matroska, then a Segment whose children (walked by their sizes) include
 *   Info, Tracks and at least one Cluster. AVI: a RIFF `AVI ` file whose chunks tile the RIFF size,
 *   with a `hdrl` list starting with `avih` and a `movi` list. Only headers are read (positional reads),
 *   never the whole file; a hand-written probe rather than a library, because these few rules are all
 *   we need and a media library (music-metadata, mp4box) would parse far more of untrusted input.
 */
import fs from 'node:fs/promises';
import { inflateSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

const ACTIVE_NAMES = new Set([
  'JavaScript', 'JS', 'OpenAction', 'AA', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA', 'SubmitForm',
  'ImportData', 'GoToE', 'GoToR',
]);
// A PDF name: '/' then regular characters (not white space or a delimiter).
const NAME = /\/([^\s/[\]<>(){}%]*)/g;

function decodeName(raw: string): string {
  return raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function activeNamesIn(text: string, into: Set<string>) {
  for (const m of text.matchAll(NAME)) {
    const n = decodeName(m[1]!);
    if (ACTIVE_NAMES.has(n)) into.add(n);
  }
}

export type PdfCheck = { ok: true } | { ok: false; reason: 'active'; names: string[] } | { ok: false; reason: 'unchecked' };

/** Looks for active content in a PDF's bytes (see the file comment for exactly what). */
export function checkPdf(bytes: Buffer): PdfCheck {
  const text = bytes.toString('latin1');
  const found = new Set<string>();
  activeNamesIn(text, found);
  const encrypted = /\/Encrypt(?![A-Za-z0-9])/.test(text);
  // Object streams: the dictionary before `stream` says /Type /ObjStm.
  const streamRe = /(?<!end)stream\r?\n/g;
  for (const m of text.matchAll(streamRe)) {
    // The object's dictionary: from its `N G obj` to the keyword (nested dictionaries included).
    const objStart = text.lastIndexOf(' obj', m.index);
    if (objStart < 0) continue;
    const dict = decodeName(text.slice(objStart, m.index));
    if (!/\/Type\s*\/ObjStm(?![A-Za-z0-9])/.test(dict)) continue;
    if (encrypted) return { ok: false, reason: 'unchecked' };
    const begin = m.index + m[0].length;
    const lengthMatch = /\/Length\s+(\d+)(?![\d\s]*R)/.exec(dict);
    const end = lengthMatch ? begin + Number(lengthMatch[1]) : text.indexOf('endstream', begin);
    if (end < begin || end > bytes.length) return { ok: false, reason: 'unchecked' };
    const filters = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict)?.[1] ?? '';
    let inner: Buffer;
    try {
      if (!filters) inner = bytes.subarray(begin, end);
      else if (/^(\[\s*)?\/FlateDecode(\s*\])?$/.test(filters.trim())) inner = inflateSync(bytes.subarray(begin, end), { maxOutputLength: 64 * 1024 * 1024 });
      else return { ok: false, reason: 'unchecked' };
    } catch {
      return { ok: false, reason: 'unchecked' };
    }
    activeNamesIn(inner.toString('latin1'), found);
  }
  return found.size ? { ok: false, reason: 'active', names: [...found].sort() } : { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Video containers
// ---------------------------------------------------------------------------------------------

type Reader = { size: number; read(pos: number, len: number): Promise<Buffer> };

async function withReader<T>(file: string, f: (r: Reader) => Promise<T>): Promise<T> {
  const h = await fs.open(file, 'r');
  try {
    const size = (await h.stat()).size;
    return await f({
      size,
      async read(pos, len) {
        const n = Math.max(0, Math.min(len, size - pos));
        const buf = Buffer.alloc(n);
        if (n) await h.read(buf, 0, n, pos);
        return buf;
      },
    });
  } finally {
    await h.close();
  }
}

/** The boxes between `from` and `to` (size + four-character type); null when they do not tile the range. */
async function mp4Boxes(r: Reader, from: number, to: number): Promise<{ type: string; start: number; body: number; end: number }[] | null> {
  const out: { type: string; start: number; body: number; end: number }[] = [];
  for (let pos = from; pos < to;) {
    if (to - pos < 8) return null;
    const h = await r.read(pos, 16);
    let size = h.readUInt32BE(0);
    const type = h.toString('latin1', 4, 8);
    let body = pos + 8;
    if (size === 1) {
      if (h.length < 16) return null;
      size = Number(h.readBigUInt64BE(8));
      body = pos + 16;
    } else if (size === 0) size = to - pos;
    if (!/^[\x20-\x7e]{4}$/.test(type) || size < body - pos || pos + size > to) return null;
    out.push({ type, start: pos, body, end: pos + size });
    pos += size;
    if (out.length > 100_000) return null;
  }
  return out;
}

async function mp4Parses(r: Reader): Promise<boolean> {
  const top = await mp4Boxes(r, 0, r.size);
  if (!top || !top.length) return false;
  const moov = top.find((b) => b.type === 'moov');
  const hasMedia = top.some((b) => b.type === 'mdat');
  if (!moov || !hasMedia) return false;
  if (moov.end - moov.body > 64 * 1024 * 1024) return false;
  const inner = await mp4Boxes(r, moov.body, moov.end);
  return !!inner && inner.some((b) => b.type === 'mvhd') && inner.some((b) => b.type === 'trak');
}

/** An EBML variable-length integer at `pos` of `b`: its value and length (ids keep their marker bit). */
function vint(b: Buffer, pos: number, keepMarker: boolean): { value: number; len: number; unknown: boolean } | null {
  const first = b[pos];
  if (first === undefined || first === 0) return null;
  const len = Math.clz32(first) - 23; // 1..8
  if (len < 1 || len > 8 || pos + len > b.length) return null;
  let value = keepMarker ? first : first & (0xff >> len);
  let allOnes = (first & (0xff >> len)) === 0xff >> len;
  for (let k = 1; k < len; k++) {
    value = value * 256 + b[pos + k]!;
    if (b[pos + k] !== 0xff) allOnes = false;
  }
  return { value, len, unknown: !keepMarker && allOnes };
}

const EBML = 0x1a45dfa3;
const DOCTYPE = 0x4282;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TRACKS = 0x1654ae6b;
const CLUSTER = 0x1f43b675;

async function ebmlElement(r: Reader, pos: number) {
  const h = await r.read(pos, 12);
  const id = vint(h, 0, true);
  if (!id) return null;
  const size = vint(h, id.len, false);
  if (!size) return null;
  return { id: id.value, body: pos + id.len + size.len, size: size.unknown ? null : size.value };
}

async function matroskaParses(r: Reader): Promise<boolean> {
  const head = await ebmlElement(r, 0);
  if (!head || head.id !== EBML || head.size === null || head.size > 4096) return false;
  const hb = await r.read(head.body, head.size);
  let docType = '';
  for (let p = 0; p < hb.length;) {
    const id = vint(hb, p, true);
    const size = id && vint(hb, p + id.len, false);
    if (!id || !size) return false;
    const body = p + id.len + size.len;
    if (id.value === DOCTYPE) docType = hb.toString('latin1', body, body + size.value);
    p = body + size.value;
  }
  if (docType !== 'webm' && docType !== 'matroska') return false;
  const seg = await ebmlElement(r, head.body + head.size);
  if (!seg || seg.id !== SEGMENT) return false;
  const end = seg.size === null ? r.size : seg.body + seg.size;
  if (end > r.size) return false;
  const seen = new Set<number>();
  for (let pos = seg.body, n = 0; pos < end && n < 1_000_000; n++) {
    const el = await ebmlElement(r, pos);
    if (!el) return false;
    seen.add(el.id);
    if (el.size === null) {
      // A live-streamed cluster of unknown size runs to the end: nothing further to walk.
      if (el.id !== CLUSTER) return false;
      break;
    }
    pos = el.body + el.size;
    if (pos > end) return false;
  }
  return seen.has(INFO) && seen.has(TRACKS) && seen.has(CLUSTER);
}

async function aviParses(r: Reader): Promise<boolean> {
  const h = await r.read(0, 12);
  if (h.length < 12 || h.toString('latin1', 0, 4) !== 'RIFF' || h.toString('latin1', 8, 12) !== 'AVI ') return false;
  const end = 8 + h.readUInt32LE(4);
  if (end > r.size) return false;
  let hdrl = false;
  let movi = false;
  for (let pos = 12; pos < end;) {
    const c = await r.read(pos, 16);
    if (c.length < 8) return false;
    const id = c.toString('latin1', 0, 4);
    const size = c.readUInt32LE(4);
    if (id === 'LIST' && c.length >= 16) {
      const form = c.toString('latin1', 8, 12);
      if (form === 'hdrl' && c.toString('latin1', 12, 16) === 'avih') hdrl = true;
      if (form === 'movi') movi = true;
    }
    pos += 8 + size + (size % 2);
    if (pos > end + 1) return false;
  }
  return hdrl && movi;
}

/** Whether a file whose magic bytes say `mime` parses as that video container. */
export async function videoParses(file: string, mime: string): Promise<boolean> {
  try {
    return await withReader(file, async (r) => {
      if (mime === 'video/mp4' || mime === 'video/quicktime') return mp4Parses(r);
      if (mime === 'video/webm' || mime === 'video/x-matroska') return matroskaParses(r);
      if (mime === 'video/x-msvideo' || mime === 'video/vnd.avi') return aviParses(r);
      return false;
    });
  } catch {
    return false;
  }
}

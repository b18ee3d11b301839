/**
 * The smallest well-formed video containers (tests only): enough structure for the probe in
 * containers.ts and for file-type to recognise them, no real frames.
 */
export function mp4Box(type: string, ...children: Buffer[]): Buffer {
  const body = Buffer.concat(children);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

export function tinyMp4(brand = 'isom'): Buffer {
  const ftyp = mp4Box('ftyp', Buffer.from(`${brand}\0\0\0\0${brand}mp41`, 'latin1'));
  const moov = mp4Box('moov', mp4Box('mvhd', Buffer.alloc(100)), mp4Box('trak', mp4Box('tkhd', Buffer.alloc(84))));
  return Buffer.concat([ftyp, moov, mp4Box('mdat', Buffer.alloc(32, 7))]);
}

/** An EBML element with a one-byte size (bodies under 127 bytes) or an eight-byte size. */
function ebml(id: number[], body: Buffer): Buffer {
  const size = body.length < 127 ? Buffer.from([0x80 | body.length]) : Buffer.from([0x01, 0, 0, 0, 0, 0, (body.length >> 8) & 0xff, body.length & 0xff]);
  return Buffer.concat([Buffer.from(id), size, body]);
}

export function tinyWebm(): Buffer {
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], Buffer.concat([ebml([0x42, 0x86], Buffer.from([1])), ebml([0x42, 0x82], Buffer.from('webm')), ebml([0x42, 0x87], Buffer.from([2]))]));
  const info = ebml([0x15, 0x49, 0xa9, 0x66], ebml([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40])));
  const tracks = ebml([0x16, 0x54, 0xae, 0x6b], ebml([0xae], Buffer.concat([ebml([0xd7], Buffer.from([1])), ebml([0x86], Buffer.from('V_VP8'))])));
  const cluster = ebml([0x1f, 0x43, 0xb6, 0x75], ebml([0xe7], Buffer.from([0])));
  return Buffer.concat([header, ebml([0x18, 0x53, 0x80, 0x67], Buffer.concat([info, tracks, cluster]))]);
}

function riffChunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

export function tinyAvi(withFrames = true): Buffer {
  const hdrl = riffChunk('LIST', Buffer.concat([Buffer.from('hdrl'), riffChunk('avih', Buffer.alloc(56))]));
  const movi = riffChunk('LIST', Buffer.concat([Buffer.from('movi'), riffChunk('00dc', Buffer.alloc(16))]));
  const body = Buffer.concat([Buffer.from('AVI '), hdrl, ...(withFrames ? [movi] : [])]);
  return riffChunk('RIFF', body);
}

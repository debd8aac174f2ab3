import { crc32 } from 'node:zlib';
import sharp from 'sharp';

// Files for the upload tests, made here so nothing binary is checked in.

/** A picture with shapes and gradients (a PDQ hash of high quality that survives re-encoding and shrinking). */
export function scene(seed: number, width = 1200, height = 800): Promise<Buffer> {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const shapes = Array.from({ length: 14 }, () => {
    const [x, y, r, hue] = [rnd() * width, rnd() * height, 40 + rnd() * height * 0.3, Math.floor(rnd() * 360)];
    return rnd() < 0.5
      ? `<circle cx="${x}" cy="${y}" r="${r}" fill="hsl(${hue},70%,${30 + rnd() * 50}%)"/>`
      : `<rect x="${x}" y="${y}" width="${r * 1.6}" height="${r}" fill="hsl(${hue},60%,${20 + rnd() * 60}%)"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#123"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A JPEG carrying a camera's EXIF, GPS position, XMP, and an orientation that turns it a quarter (6). */
export async function jpegWithExifAndGps(width = 1200, height = 800): Promise<Buffer> {
  return sharp(await scene(7, width, height))
    .withExif({
      IFD0: { Make: 'SecretCam', Model: 'Spy 3000', Software: 'LeakyEditor' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
    })
    .withMetadata({ orientation: 6 })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Private</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>',
    )
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function pngWithAlpha(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

export async function webp(): Promise<Buffer> {
  return sharp(await scene(3, 640, 480))
    .webp()
    .toBuffer();
}

export async function avif(): Promise<Buffer> {
  return sharp(await scene(4, 320, 240))
    .avif()
    .toBuffer();
}

export async function stillGif(): Promise<Buffer> {
  return sharp(await scene(5, 200, 150))
    .gif()
    .toBuffer();
}

/** Three frames of 64x48, looping. */
export async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all(
    ['#d22', '#2d2', '#22d'].map((c) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: c } })
        .png()
        .toBuffer(),
    ),
  );
  return sharp(frames, { join: { animated: true } })
    .gif({ loop: 0, delay: 100 })
    .toBuffer();
}

/** A small PNG whose header claims 50,000 x 50,000 pixels (2.5 billion): a decompression bomb. */
export async function pngBomb(): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  // IHDR's data starts at byte 16 (8 signature, 4 length, 4 type); its CRC covers type + 13 bytes of data.
  png.writeUInt32BE(50_000, 16);
  png.writeUInt32BE(50_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** The first half of a JPEG. */
export async function truncatedJpeg(): Promise<Buffer> {
  const full = await sharp(await scene(9, 800, 600))
    .jpeg()
    .toBuffer();
  return full.subarray(0, Math.floor(full.length / 2));
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');

/** Whether EXIF data holds a GPS block (the GPS IFD pointer tag, 0x8825, in either byte order). */
export function hasGpsPointer(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

/** A 2x2 24-bit BMP. */
export function bmp(): Buffer {
  const rowBytes = 8; // 2 pixels x 3 bytes, padded to 4
  const pixels = 2 * rowBytes;
  const b = Buffer.alloc(54 + pixels);
  b.write('BM', 0, 'ascii');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(2, 18);
  b.writeInt32LE(2, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(pixels, 34);
  return b;
}

/** A PNG of pseudo-random pixels: it does not compress, so it weighs about side² x 3 bytes. */
export function noisePng(side: number): Promise<Buffer> {
  const raw = Buffer.alloc(side * side * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

/**
 * A HEIC file (HEIF with HEVC-coded pixels), made from an AVIF by swapping its codec: brand `heic`, item type `hvc1`,
 * and an `hvcC` configuration (no parameter sets) where `av1C` was; the boxes around it and the pixel data's offset
 * grow to match. Any reader sees HEIC and needs an HEVC decoder for it, which the npm build of sharp does not have.
 * `mif1` as the major brand makes a HEIF that says nothing of its codec until its boxes are read, as some cameras write.
 */
export async function heic(brand: 'heic' | 'mif1' = 'heic'): Promise<Buffer> {
  const avif = await sharp(await scene(6, 64, 48))
    .flatten() // no alpha: one image item
    .avif()
    .toBuffer();
  const at = (type: string) => {
    const i = avif.indexOf(type, 0, 'latin1');
    if (i < 4) throw new Error(`no ${type} box in the AVIF`);
    return i - 4;
  };
  const av1C = at('av1C');
  const hvcC = Buffer.alloc(8 + 23);
  hvcC.writeUInt32BE(hvcC.length, 0);
  hvcC.write('hvcC', 4, 'latin1');
  hvcC.set([1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 0x5a, 0xf0, 0, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0], 8); // Main profile, 8 bits, 4:2:0
  const grow = hvcC.length - avif.readUInt32BE(av1C);
  const out = Buffer.concat([avif.subarray(0, av1C), hvcC, avif.subarray(av1C + avif.readUInt32BE(av1C))]);
  for (const box of ['meta', 'iprp', 'ipco']) {
    const i = at(box);
    out.writeUInt32BE(out.readUInt32BE(i) + grow, i);
  }
  // iloc (version 0, 4-byte offsets, lengths and base offset, one item of one extent): the pixels moved by `grow`.
  const iloc = at('iloc');
  if (out.readUInt32BE(iloc + 8) !== 0 || out.readUInt16BE(iloc + 12) !== 0x4440 || out.readUInt16BE(iloc + 14) !== 1 || out.readUInt16BE(iloc + 24) !== 1)
    throw new Error('an iloc this fixture does not know');
  out.writeUInt32BE(out.readUInt32BE(iloc + 26) + grow, iloc + 26);
  out.write(brand, 8, 'latin1');
  for (let i = out.indexOf('avif', 0, 'latin1'); i >= 0 && i < at('meta'); i = out.indexOf('avif', i, 'latin1')) out.write('heic', i, 'latin1');
  out.write('hvc1', out.indexOf('av01', 0, 'latin1'), 'latin1');
  return out;
}

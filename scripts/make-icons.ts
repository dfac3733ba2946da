// Draws Recall's app icons (public/icons/*.png): a white card with three lines on the brand blue.
// Made here, pixel by pixel, with Node's zlib, so the icons carry no borrowed artwork and need no
// image library. Run again after changing the drawing: `npx tsx scripts/make-icons.ts`.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

const BRAND = [0x28, 0x56, 0xc4] as const;
const WHITE = [0xff, 0xff, 0xff] as const;
const LINE = [0x3b, 0x6f, 0xe0] as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG of `size`×`size` pixels, each coloured by `pixel(x, y)` with x and y in 0..1. */
function png(size: number, pixel: (x: number, y: number) => readonly number[]): Buffer {
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel((x + 0.5) / size, (y + 0.5) / size), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

function inRoundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): boolean {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** `inset` shrinks the card toward the centre: a maskable icon keeps its drawing inside the middle 80 %. */
function draw(inset: number) {
  const s = (v: number) => 0.5 + (v - 0.5) * inset;
  return (x: number, y: number) => {
    if (!inRoundedRect(x, y, s(0.2), s(0.24), s(0.8), s(0.76), 0.06 * inset)) return BRAND;
    for (const [top, right] of [[0.36, 0.7], [0.47, 0.7], [0.58, 0.56]] as const) {
      if (inRoundedRect(x, y, s(0.3), s(top), s(right), s(top + 0.05), 0.025 * inset)) return LINE;
    }
    return WHITE;
  };
}

const out = path.resolve("public/icons");
for (const size of [192, 512]) writeFileSync(path.join(out, `icon-${size}.png`), png(size, draw(1)));
writeFileSync(path.join(out, "icon-maskable-512.png"), png(512, draw(0.8)));
writeFileSync(path.join(out, "apple-touch-icon.png"), png(180, draw(0.9)));

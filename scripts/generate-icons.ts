/**
 * Draws the two Teams app icons into appPackage/: `color.png` (192×192, a white stylised "É"
 * full-bleed on the brand blue) and `outline.png` (32×32, the same glyph in pure white on a
 * transparent background, alpha only 0 or 255 as Teams requires).
 *
 * The glyph is described once in a 16×16 design grid of rectangles so both sizes stay alike.
 * The PNGs are committed; run this again only when the design changes:
 *   node_modules/.bin/node scripts/generate-icons.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';

const { PNG } = pngjs;

/** Brand colour, also the manifest's `accentColor`. */
export const BRAND_COLOR = { r: 0x1f, g: 0x4e, b: 0x9a } as const;

/** A rectangle in the 16×16 design grid: x, y, width, height. */
type Rect = readonly [number, number, number, number];

/**
 * The "E" of "É": a stem and three bars (the middle one shorter). Coordinates are in grid
 * cells; the glyph sits in the middle with a margin so it survives Teams' circular and
 * rounded-square crops.
 */
const LETTER: readonly Rect[] = [
  [4, 5, 2, 9], // stem
  [4, 5, 8, 2], // top bar
  [4, 9, 6, 1.5], // middle bar
  [4, 12, 8, 2], // bottom bar
];

/** The acute accent: a band slanting up to the right above the letter. */
function inAccent(gx: number, gy: number): boolean {
  if (gy < 1 || gy >= 3.6) return false;
  const left = 6.4 + (3.6 - gy) * 1.1;
  return gx >= left && gx < left + 1.9;
}

function inGlyph(gx: number, gy: number): boolean {
  return inAccent(gx, gy) || LETTER.some(([x, y, w, h]) => gx >= x && gx < x + w && gy >= y && gy < y + h);
}

const GRID = 16;

/** Fraction (0..1) of the pixel (px, py) of a size×size image covered by the glyph. */
function coverage(px: number, py: number, size: number, samples: number): number {
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const gx = ((px + (sx + 0.5) / samples) / size) * GRID;
      const gy = ((py + (sy + 0.5) / samples) / size) * GRID;
      if (inGlyph(gx, gy)) hits++;
    }
  }
  return hits / (samples * samples);
}

/** The colour icon: anti-aliased white glyph over a solid brand background, no transparency. */
export function drawColorIcon(size = 192): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, 4);
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(BRAND_COLOR.r + (255 - BRAND_COLOR.r) * c);
      png.data[i + 1] = Math.round(BRAND_COLOR.g + (255 - BRAND_COLOR.g) * c);
      png.data[i + 2] = Math.round(BRAND_COLOR.b + (255 - BRAND_COLOR.b) * c);
      png.data[i + 3] = 255;
    }
  }
  // Colour type 2 (RGB): the colour icon is full-bleed and has no alpha channel at all.
  return PNG.sync.write(png, { colorType: 2 });
}

/** The outline icon: pure white where the glyph covers at least half a pixel, transparent elsewhere. */
export function drawOutlineIcon(size = 32): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = coverage(x, y, size, 4) >= 0.5;
      const i = (y * size + x) * 4;
      // Transparent pixels are transparent black; Teams only looks at alpha, which is 0 or 255.
      png.data[i] = on ? 255 : 0;
      png.data[i + 1] = on ? 255 : 0;
      png.data[i + 2] = on ? 255 : 0;
      png.data[i + 3] = on ? 255 : 0;
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'appPackage');
  writeFileSync(path.join(dir, 'color.png'), drawColorIcon());
  writeFileSync(path.join(dir, 'outline.png'), drawOutlineIcon());
  process.stdout.write(`Icons written to ${dir}\n`);
}

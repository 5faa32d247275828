/**
 * Checks the two icons Teams requires, with the rules its validator applies: a 192×192 colour
 * icon, and a 32×32 outline icon whose pixels are either fully transparent or opaque pure white.
 */
import pngjs from 'pngjs';

/** What a PNG file holds, as far as Teams cares. */
export interface IconInfo {
  readonly width: number;
  readonly height: number;
  /** PNG colour type: 2 = RGB, 6 = RGBA, 3 = palette… */
  readonly colorType: number;
  /** Distinct alpha values found (after decoding to RGBA). */
  readonly alphaValues: ReadonlySet<number>;
  /** Number of opaque pixels that are not pure white. */
  readonly opaqueNonWhite: number;
  /** Number of fully opaque pixels. */
  readonly opaque: number;
}

/** Decodes a PNG; throws the decoder's error on a file that is not a valid PNG. */
export function inspectPng(buffer: Buffer): IconInfo {
  const png = pngjs.PNG.sync.read(buffer);
  const alphaValues = new Set<number>();
  let opaqueNonWhite = 0;
  let opaque = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const alpha = png.data[i + 3]!;
    alphaValues.add(alpha);
    if (alpha === 255) {
      opaque++;
      if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) opaqueNonWhite++;
    }
  }
  return { width: png.width, height: png.height, colorType: png.colorType, alphaValues, opaqueNonWhite, opaque };
}

function decode(buffer: Buffer, file: string): IconInfo | string {
  try {
    return inspectPng(buffer);
  } catch (error) {
    return `${file}: not a readable PNG (${(error as Error).message})`;
  }
}

/** Problems with the colour icon (empty when it is fine). */
export function checkColorIcon(buffer: Buffer, file = 'color.png'): string[] {
  const info = decode(buffer, file);
  if (typeof info === 'string') return [info];
  return info.width === 192 && info.height === 192 ? [] : [`${file}: must be 192×192, is ${info.width}×${info.height}`];
}

/** Problems with the outline icon (empty when it is fine). */
export function checkOutlineIcon(buffer: Buffer, file = 'outline.png'): string[] {
  const info = decode(buffer, file);
  if (typeof info === 'string') return [info];
  const problems: string[] = [];
  if (info.width !== 32 || info.height !== 32) problems.push(`${file}: must be 32×32, is ${info.width}×${info.height}`);
  if (!info.alphaValues.has(0)) problems.push(`${file}: must have a transparent background`);
  const partial = [...info.alphaValues].filter((a) => a !== 0 && a !== 255);
  if (partial.length > 0) problems.push(`${file}: alpha must be 0 or 255 only (found ${partial.slice(0, 5).join(', ')})`);
  if (info.opaqueNonWhite > 0) problems.push(`${file}: ${info.opaqueNonWhite} visible pixels are not pure white`);
  if (info.opaque === 0) problems.push(`${file}: the icon is empty`);
  return problems;
}

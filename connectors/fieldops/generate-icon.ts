/**
 * Draws the connector's icon (`icon.png`): a white map pin on the brand colour, 230×230 as Power
 * Platform recommends, with anti-aliased edges. Deterministic: the same bytes every run, so a test
 * checks the committed icon against this script. Run by `npm run connectors:generate`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from '../../core/util/project-root.js';

/** Brand colour: the Teams app's accent colour (appPackage/manifest.json), also `iconBrandColor`. */
export const BRAND_COLOR = '#1f4e9a';
export const ICON_SIZE = 230;
export const ICON_FILE = path.join(PROJECT_ROOT, 'connectors/fieldops/icon.png');

/** True when the point is inside the pin: a disc with a hole, over a triangle pointing down. */
function insidePin(x: number, y: number): boolean {
  const cx = 115;
  const cy = 92;
  const r = 56;
  const d = Math.hypot(x - cx, y - cy);
  if (d <= 22) return false;
  if (d <= r) return true;
  // The tip at (cx, 190); the sides are tangent-ish to the disc's lower half.
  const tipY = 190;
  if (y < cy || y > tipY) return false;
  const halfWidth = (r * 0.9 * (tipY - y)) / (tipY - cy);
  return Math.abs(x - cx) <= halfWidth;
}

/** Renders the icon as PNG bytes. */
export function renderIcon(): Buffer {
  const png = new PNG({ width: ICON_SIZE, height: ICON_SIZE, colorType: 2, inputHasAlpha: true });
  const brand = [1, 3, 5].map((i) => parseInt(BRAND_COLOR.slice(i, i + 2), 16)) as [number, number, number];
  const samples = 4;
  for (let y = 0; y < ICON_SIZE; y++) {
    for (let x = 0; x < ICON_SIZE; x++) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) if (insidePin(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples)) covered++;
      }
      const a = covered / (samples * samples);
      const i = (y * ICON_SIZE + x) * 4;
      png.data[i] = Math.round(brand[0] + (255 - brand[0]) * a);
      png.data[i + 1] = Math.round(brand[1] + (255 - brand[1]) * a);
      png.data[i + 2] = Math.round(brand[2] + (255 - brand[2]) * a);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(ICON_FILE, renderIcon());
  console.log(`Icône écrite / icon written: ${path.relative(process.cwd(), ICON_FILE)}`);
}

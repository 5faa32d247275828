/** The committed Teams icons: sizes, colour types, transparency, and that the script still draws them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pngjs from 'pngjs';
import { PROJECT_ROOT } from '../../core/util/project-root.js';
import { checkColorIcon, checkOutlineIcon, inspectPng } from '../../cli/teams-package/icons.js';
import { BRAND_COLOR, drawColorIcon, drawOutlineIcon } from '../../scripts/generate-icons.js';

const read = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'appPackage', name));

describe('appPackage icons', () => {
  it('color.png is 192×192, opaque RGB, brand background with a white glyph', () => {
    const info = inspectPng(read('color.png'));
    expect([info.width, info.height]).toEqual([192, 192]);
    expect(info.colorType).toBe(2);
    expect([...info.alphaValues]).toEqual([255]);
    expect(checkColorIcon(read('color.png'))).toEqual([]);
    const png = pngjs.PNG.sync.read(read('color.png'));
    const pixel = (x: number, y: number) => Array.from(png.data.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 3));
    // Full bleed: the corners are the brand colour; the middle of the stem is white.
    for (const [x, y] of [[0, 0], [191, 0], [0, 191], [191, 191]] as const) expect(pixel(x, y)).toEqual([BRAND_COLOR.r, BRAND_COLOR.g, BRAND_COLOR.b]);
    expect(pixel(60, 110)).toEqual([255, 255, 255]);
  });

  it('outline.png is 32×32 RGBA, pure white on transparent, alpha only 0 or 255', () => {
    const info = inspectPng(read('outline.png'));
    expect([info.width, info.height]).toEqual([32, 32]);
    expect(info.colorType).toBe(6);
    expect([...info.alphaValues].sort((a, b) => a - b)).toEqual([0, 255]);
    expect(info.opaqueNonWhite).toBe(0);
    expect(info.opaque).toBeGreaterThan(100);
    expect(info.opaque).toBeLessThan(32 * 32 / 2);
    expect(checkOutlineIcon(read('outline.png'))).toEqual([]);
  });

  it('the outline checker refuses grey pixels and soft edges', () => {
    const png = new pngjs.PNG({ width: 32, height: 32 });
    png.data.fill(0);
    png.data.set([200, 200, 200, 255], 0);
    png.data.set([255, 255, 255, 128], 4);
    const problems = checkOutlineIcon(pngjs.PNG.sync.write(png));
    expect(problems).toEqual(['outline.png: alpha must be 0 or 255 only (found 128)', 'outline.png: 1 visible pixels are not pure white']);
  });

  it('the committed PNGs are what scripts/generate-icons.ts draws (compared pixel by pixel)', () => {
    for (const [name, drawn] of [['color.png', drawColorIcon()], ['outline.png', drawOutlineIcon()]] as const) {
      const committed = pngjs.PNG.sync.read(read(name));
      const fresh = pngjs.PNG.sync.read(drawn);
      expect(fresh.width).toBe(committed.width);
      expect(Buffer.compare(fresh.data, committed.data)).toBe(0);
    }
  });
});

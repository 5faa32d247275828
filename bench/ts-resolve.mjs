/**
 * Lets Node run the TypeScript sources directly (`--experimental-strip-types`): the sources import
 * `./x.js` (NodeNext style) while only `./x.ts` exists next to them, so resolution falls back to it.
 * Usage: node --experimental-strip-types --import ./bench/ts-resolve.mjs bench/kb-eval.ts
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (/^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw error;
    }
  },
});

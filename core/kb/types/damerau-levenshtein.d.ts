/** Minimal typing of the `damerau-levenshtein` package (it ships none). */
declare module 'damerau-levenshtein' {
  function distance(a: string, b: string, limit?: number): { steps: number; relative: number; similarity: number };
  export default distance;
}

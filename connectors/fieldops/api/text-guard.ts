/**
 * Refuses text that the database cannot store as given: NUL characters (PostgreSQL text cannot
 * hold them) and lone UTF-16 surrogates (they would be silently replaced, so the report would not
 * read back as sent). JSON allows both; the connector answers 400 with the field's path instead of
 * failing or altering the text. Numbers that are not finite (`1e400`, `top=Infinity`) are refused
 * the same way: schema checks let them through.
 */
import type { FastifyRequest } from 'fastify';
import { problem, validationError } from '../../../core/field-reports/problems.js';
import type { FieldProblem } from '../../../core/field-reports/types.js';

// In `u` mode a surrogate pair is one code point: only lone surrogates match.
const LONE_SURROGATE = /\p{Cs}/u;

function findBadText(value: unknown, path: string, out: FieldProblem[]): void {
  if (out.length >= 10) return;
  // `1e400` in JSON and `Infinity` in a query string (coerced by the schema) pass type checks.
  if (typeof value === 'number' && !Number.isFinite(value)) {
    out.push(problem(path, 'nombre hors limites', 'number out of range'));
    return;
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(problem(path, 'caractère NUL (\\u0000) interdit', 'NUL character (\\u0000) not allowed'));
    else if (LONE_SURROGATE.test(value)) out.push(problem(path, 'texte Unicode invalide (demi-caractère isolé)', 'invalid Unicode text (lone surrogate)'));
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => findBadText(item, `${path}.${i}`, out));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      findBadText(key, `${path}.${key}`, out);
      findBadText(item, `${path}.${key}`, out);
    }
  }
}

/** Pre-handler: 400 `EQP_ERR_VALIDATION` naming every field with such text. */
export async function rejectUnstorableText(request: FastifyRequest): Promise<void> {
  const problems: FieldProblem[] = [];
  findBadText(request.params, 'params', problems);
  findBadText(request.query, 'querystring', problems);
  findBadText(request.body, 'body', problems);
  if (problems.length > 0) throw validationError(problems);
}

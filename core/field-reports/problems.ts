/** Builds coded validation errors from field problems (path + French and English message). */
import { EquipageError } from '../errors.js';
import type { FieldProblem } from './types.js';

/** One problem. */
export function problem(path: string, message: string, messageEn: string): FieldProblem {
  return { path, message, messageEn };
}

/**
 * `EQP_ERR_VALIDATION` (400) listing every problem. The message names the paths only (they read
 * the same in both languages); `details` carries each path with its French and English message.
 */
export function validationError(problems: FieldProblem[]): EquipageError {
  return new EquipageError('EQP_ERR_VALIDATION', { details: problems.map((p) => p.path).join(', ') }, { details: problems });
}

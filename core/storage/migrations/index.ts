/**
 * The ordered list of migrations. Applied at start-up and recorded in `kysely_migration`.
 * A released migration is never edited: add the next one here.
 */
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-initial.js';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
};

/**
 * The ordered list of migrations. Applied at start-up and recorded in `kysely_migration`.
 * A released migration is never edited: add the next one here.
 */
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-initial.js';
import * as m0003 from './0003-outbound-messages.js';
import * as m0002 from './0002-field-reports.js';
import * as m0004 from './0004-documents.js';
import * as m0005 from './0005-knowledge-base.js';
import * as m0008 from './0008-onboarding-more.js';
import * as m0009 from './0009-hr-requests.js';
import * as m0010 from './0010-webhooks.js';
import * as m0011 from './0011-open311.js';
import * as m0012 from './0012-people-changes.js';
import * as m0013 from './0013-open311-attributes.js';
import * as m0014 from './0014-asset-search-text.js';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0003-outbound-messages': m0003,
  '0002-field-reports': m0002,
  '0004-documents': m0004,
  '0005-knowledge-base': m0005,
  '0008-onboarding-more': m0008,
  '0009-hr-requests': m0009,
  '0010-webhooks': m0010,
  '0011-open311': m0011,
  '0012-people-changes': m0012,
  '0013-open311-attributes': m0013,
  '0014-asset-search-text': m0014,
};

/**
 * The body of a webhook notification: what happened, and the report as it is when the
 * notification is sent (the same shape as GetFieldReport's answer). The connector's trigger
 * declares this shape, so flows offer its fields as dynamic content.
 */
import type { Kysely } from 'kysely';
import { isEquipageError } from '../../errors.js';
import type { Database, FieldReportEventKind } from '../../storage/schema.js';
import { getFieldReport } from '../reports.js';
import type { FieldReportView } from '../types.js';

/** A notification as sent. */
export interface ReportNotification {
  /** The delivery's id: the same on every retry; receivers deduplicate with it. */
  deliveryId: string;
  subscriptionId: string;
  eventId: string;
  event: FieldReportEventKind;
  occurredAt: string;
  report: FieldReportView;
}

/** Builds the notification, or undefined when the report no longer exists. */
export async function buildNotification(
  db: Kysely<Database>,
  d: { id: string; subscriptionId: string; eventId: string; kind: FieldReportEventKind; occurredAt: Date; reportId: string },
): Promise<ReportNotification | undefined> {
  try {
    const report = await getFieldReport({ db }, d.reportId);
    return { deliveryId: d.id, subscriptionId: d.subscriptionId, eventId: d.eventId, event: d.kind, occurredAt: d.occurredAt.toISOString(), report };
  } catch (error) {
    if (isEquipageError(error, 'EQP_ERR_NOT_FOUND')) return undefined;
    throw error;
  }
}

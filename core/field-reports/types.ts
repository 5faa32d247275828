/**
 * What the field-reports use cases return: plain JSON-ready views (camelCase, ISO dates), the
 * shapes the connector's API schemas describe.
 */
import type { FieldReportStatus, ReportCategoryField } from '../storage/schema.js';
import type { Open311View } from './open311/outbox.js';

/** Statuses a report goes through, in order. */
export const FIELD_REPORT_STATUSES: readonly FieldReportStatus[] = ['new', 'acknowledged', 'in_progress', 'resolved', 'rejected'];

/** A report category as listed (dropdowns). */
export interface CategorySummaryView {
  code: string;
  label: string;
  labelEn: string;
  description: string;
}

/** A category with its specific fields and a JSON schema of them (for `x-ms-dynamic-schema`). */
export interface CategoryView extends CategorySummaryView {
  fields: ReportCategoryField[];
  schema: CategoryFieldsSchema;
}

/** JSON schema (Swagger 2.0 subset) of a category's specific fields. */
export interface CategoryFieldsSchema {
  type: 'object';
  required?: string[];
  properties: Record<string, Record<string, unknown>>;
}

export interface AssetView {
  id: string;
  code: string;
  kind: string;
  name: string;
  address?: string;
  latitude: number;
  longitude: number;
  /** Metres from the searched position (only for a search near a position). */
  distance?: number;
}

export interface PhotoView {
  id: string;
  position: number;
  contentType: string;
  size: number;
  sha256: string;
}

export interface FieldReportView {
  id: string;
  number: string;
  category: { code: string; label: string };
  description: string;
  location: { latitude: number; longitude: number; accuracy: number; address?: string };
  asset?: { id: string; code: string; name: string; kind: string };
  observedAt: string;
  fields: Record<string, string | number | boolean>;
  status: FieldReportStatus;
  reporter: { displayName: string };
  photos: PhotoView[];
  createdAt: string;
  updatedAt: string;
  /** Forwarding to the commune's Open311 system; absent when forwarding was off when the report was made. */
  open311?: Open311View;
  /** Every status the report went through, oldest first. */
  statusHistory?: StatusChangeView[];
}

/** One status change of a report. */
export interface StatusChangeView {
  status: FieldReportStatus;
  changedAt: string;
  /** Display name of who changed it (the reporter for `new`). */
  changedBy: string;
  comment?: string;
}

/** One validation problem: the field's path and a message in French and English. */
export interface FieldProblem {
  path: string;
  message: string;
  messageEn: string;
}

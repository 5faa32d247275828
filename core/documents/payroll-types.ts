/**
 * The shapes of a payroll run's dry-run report and publication result, as the CLI prints them in
 * JSON and the tab's HR page receives them. Types only (no runtime import), so the web app can
 * share them without pulling server code into its bundle.
 */

/** An agent a run concerns. */
export interface ReportAgent {
  personId: string;
  matricule: string;
  displayName: string;
}

/** Why a file or a page of a run was not assigned to an agent. */
export type ReportUnmatchedReason =
  | 'no_pattern_match'
  | 'unknown_matricule'
  | 'ambiguous_name'
  | 'wrong_period'
  | 'not_pdf'
  | 'unsafe_name'
  | 'too_large'
  | 'encrypted'
  | 'no_matricule_on_page'
  | 'several_matricules_on_page';

/** The dry-run report of a payroll run (`equipage documents import --json` and the tab). */
export interface ImportReport {
  period: string;
  sourceKind: 'folder' | 'zip' | 'pdf';
  sourcePath: string;
  matched: Array<ReportAgent & { source: string; pages?: number[] | undefined; size: number; sha256: string }>;
  unmatched: Array<{ source: string; reason: ReportUnmatchedReason; detail?: string }>;
  missing: ReportAgent[];
  duplicates: Array<ReportAgent & { sources: string[] }>;
  alreadyPublished: Array<ReportAgent & { version: number }>;
}

/** The report of a run uploaded through the tab, staged until published or expired. */
export interface PayrollPreview extends ImportReport {
  uploadId: string;
  /** The uploaded files' names (`sourcePath` is their list too: the server's temp folder is never shown). */
  files: string[];
  replace: boolean;
  pattern: string;
  uploadedAt: string;
  /** After this instant the upload is deleted and can no longer be published. */
  expiresAt: string;
}

/** What publishing a staged run did. */
export interface PayrollPublication {
  uploadId: string;
  period: string;
  publishedAt: string;
  /** Audit actor of the HR member who published. */
  publishedBy: string;
  /** True when this is the stored answer of an earlier publication of the same upload. */
  repeated: boolean;
  published: Array<ReportAgent & { documentId: string; version: number; notification: 'enqueued' | 'already_enqueued' | 'no_conversation' }>;
  skipped: Array<ReportAgent & { reason: 'already_published' | 'changed_since_plan'; source: string }>;
  failed: Array<{ personId: string; matricule: string; source: string; error: string }>;
}

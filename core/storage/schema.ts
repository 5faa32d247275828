/**
 * Kysely types of the relational schema. Column names are the database's (snake_case).
 * Dates without time are ISO strings (`YYYY-MM-DD`) on both drivers; timestamps are `Date`.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type IsoDate = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export type OwnerRole = 'agent' | 'manager' | 'hr' | 'it';
export type Phase = 'before' | 'day1' | 'week1' | 'month1';
export type OnboardingStatus = 'planned' | 'in_progress' | 'completed' | 'cancelled';
export type StepStatus = 'todo' | 'done';
export type PersonStatus = 'active' | 'left';

export interface ServicesTable {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  created_at: Generated<Date>;
}

export interface PeopleTable {
  id: string;
  entra_object_id: string | null;
  upn: string;
  matricule: string | null;
  given_name: string;
  family_name: string;
  display_name: string;
  email: string | null;
  job_title: string | null;
  service_id: string | null;
  manager_id: string | null;
  site: string | null;
  mobile_phone: string | null;
  preferred_language: Generated<string>;
  hr_member: Generated<boolean>;
  hire_date: IsoDate | null;
  status: Generated<PersonStatus>;
  left_at: IsoDate | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Content of an onboarding template (phases, steps, documents to acknowledge, practical information). */
export interface TemplateContent {
  steps: Array<{
    key: string;
    phase: Phase;
    title: string;
    ownerRole: OwnerRole;
    dueOffsetDays: number;
    help?: string;
    link?: string;
  }>;
  /**
   * Documents to read and acknowledge, by key in the onboarding document store
   * (core/onboarding/document-store.ts); their version is the SHA-256 of the content served.
   * `url` and `version` are legacy labels and are ignored.
   */
  documents: Array<{ key: string; title: string; url?: string; version?: string }>;
  practical: Array<{ title: string; text: string }>;
}

export interface OnboardingTemplatesTable {
  id: string;
  code: string;
  name: string;
  job_profile: string;
  version: Generated<number>;
  content: Json<TemplateContent>;
  archived_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OnboardingsTable {
  id: string;
  person_id: string;
  template_id: string;
  template_version: number;
  manager_id: string | null;
  buddy_id: string | null;
  hr_contact_id: string | null;
  start_date: IsoDate;
  status: Generated<OnboardingStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OnboardingStepsTable {
  id: string;
  onboarding_id: string;
  position: number;
  phase: Phase;
  title: string;
  help: string | null;
  link: string | null;
  owner_role: OwnerRole;
  due_date: IsoDate;
  status: Generated<StepStatus>;
  done_at: Timestamp | null;
  done_by: string | null;
  /** Key of the template step it came from (null for plans created before 0008). */
  step_key: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A frozen version of a template: plans read the version they were started (or re-applied) with. */
export interface OnboardingTemplateVersionsTable {
  template_id: string;
  version: number;
  name: string;
  content: Json<TemplateContent>;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** An uploaded version of a document to acknowledge; bytes in the blob store. */
export interface OnboardingDocumentVersionsTable {
  document_key: string;
  sha256: string;
  title: string;
  content_type: string;
  blob_key: string;
  size_bytes: number;
  created_by: string;
  created_at: Generated<Date>;
}

/** "J'ai lu et j'accepte": one row per person, document and version (SHA-256 of the content). */
export interface OnboardingAcknowledgmentsTable {
  id: string;
  onboarding_id: string;
  person_id: string;
  document_key: string;
  sha256: string;
  title: string;
  channel: string;
  acknowledged_at: Generated<Date>;
}

export type OnboardingNotificationKind = 'welcome' | 'team_intro';

/** Welcome messages of an onboarding: queued in the outbox, or not yet reachable (no conversation). */
export interface OnboardingNotificationsTable {
  onboarding_id: string;
  kind: OnboardingNotificationKind;
  status: 'queued' | 'unreachable';
  outbound_message_id: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: Generated<Date>;
}

/** The Teams channel conversation of a service (its team), where the bot introduces arrivals. */
export interface ServiceChannelsTable {
  service_id: string;
  team_id: string | null;
  channel_id: string | null;
  conversation_id: string;
  service_url: string;
  tenant_id: string | null;
  bot_id: string | null;
  updated_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  channel: string;
  outcome: 'success' | 'denied' | 'error';
  details: Json<Record<string, unknown>> | null;
}

export interface OutboundMessagesTable {
  id: Generated<number>;
  dedupe_key: string;
  conversation_id: string;
  conversation: Json<import('../proactive/types.js').ConversationTarget>;
  message: Json<import('../proactive/types.js').OutgoingMessage>;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_at: Timestamp | null;
  last_error: string | null;
  activity_id: string | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
}

/** A category-specific field of a report category (shown as a form field by the connector). */
export interface ReportCategoryField {
  key: string;
  label: string;
  labelEn: string;
  type: 'text' | 'number' | 'integer' | 'boolean' | 'choice';
  required: boolean;
  /** Allowed values, for `choice`. */
  options?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  description?: string;
}

/** A category field sent as the Open311 attribute `code`, choice options mapped to the service's value keys. */
export interface Open311AttributeMapping {
  code: string;
  values?: Record<string, string>;
}

/** Open311 attribute mappings of a category, by field key. */
export type Open311AttributeMap = Record<string, Open311AttributeMapping>;

export type FieldReportStatus = 'new' | 'acknowledged' | 'in_progress' | 'resolved' | 'rejected';

export interface ReportCategoriesTable {
  id: string;
  code: string;
  label_fr: string;
  label_en: string;
  description: string;
  service_code: string | null;
  fields: Json<ReportCategoryField[]>;
  /** How the category's fields become Open311 attributes (by field key); empty: none sent. */
  open311_attributes: ColumnType<Open311AttributeMap, Open311AttributeMap | string | undefined, Open311AttributeMap | string>;
  position: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface AssetsTable {
  id: string;
  code: string;
  kind: string;
  name: string;
  address: string | null;
  latitude: number;
  longitude: number;
  details: Json<Record<string, string | number | boolean>>;
  /** Name, code, address and kind folded for search (kept by a trigger: migration 0014). */
  search_text: Generated<string>;
  created_at: Generated<Date>;
}

export interface FieldReportsTable {
  id: string;
  number: Generated<number>;
  category_id: string;
  description: string;
  latitude: number;
  longitude: number;
  accuracy_m: number;
  address: string | null;
  asset_id: string | null;
  observed_at: Timestamp;
  fields: Json<Record<string, string | number | boolean>>;
  status: Generated<FieldReportStatus>;
  reporter_key: string;
  reporter_person_id: string | null;
  reporter_name: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface FieldReportPhotosTable {
  id: string;
  report_id: string;
  position: number;
  blob_key: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_at: Generated<Date>;
}

export interface FieldReportStatusHistoryTable {
  id: Generated<number>;
  report_id: string;
  status: FieldReportStatus;
  changed_at: Generated<Date>;
  changed_by: string;
  comment: string | null;
}

export interface IdempotencyKeysTable {
  caller_key: string;
  idempotency_key: string;
  operation: string;
  request_hash: string;
  response_status: number;
  response_body: Json<unknown>;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

/** Where the forwarding of a report to the commune's Open311 system stands (core/field-reports/open311/). */
export type Open311State = 'pending' | 'sending' | 'accepted' | 'forwarded' | 'failed' | 'not_applicable';

/** The Open311 forwarding outbox: one row per report (migration 0011). */
export interface FieldReportOpen311Table {
  report_id: string;
  service_code: string | null;
  state: Generated<Open311State>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_at: Date | null;
  /** An attempt's outcome is unknown since then (timeout, crash): look the request up before posting again. */
  uncertain_since: Date | null;
  last_error: string | null;
  token: string | null;
  service_request_id: string | null;
  remote_status: string | null;
  remote_status_notes: string | null;
  polled_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type DocumentKind = 'payslip' | 'certificate';
export type DocumentStatus = 'active' | 'replaced' | 'archived';
export type CertificateKind = 'attestation_employeur' | 'certificat_travail';

/** An agent's document (payslip of a period, or a generated certificate). Bytes live in the blob store. */
export interface DocumentsTable {
  id: string;
  person_id: string;
  kind: DocumentKind;
  certificate_kind: CertificateKind | null;
  /** `YYYY-MM` for payslips; null for certificates. */
  period: string | null;
  version: Generated<number>;
  blob_key: string;
  sha256: string;
  size_bytes: number;
  /** Name offered on download (built from kind and period, never from an uploaded name). */
  file_name: string;
  /** Where an imported payslip came from (file name or pages), for HR's trace. */
  source_name: string | null;
  status: Generated<DocumentStatus>;
  published_by: string;
  replaced_by: string | null;
  created_at: Generated<Date>;
  archived_at: Timestamp | null;
}

/** Issued download links: one row per nonce, consumed once. */
export interface DocumentLinksTable {
  nonce: string;
  person_id: string;
  document_id: string;
  channel: string;
  issued_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** Generated certificates and their public verification codes. */
export interface CertificatesTable {
  code: string;
  document_id: string;
  person_id: string;
  kind: CertificateKind;
  issued_at: Generated<Date>;
  sha256: string;
  issued_via: string;
}

/** The Teams conversation of a person with the bot (a stored conversation reference). */
export interface BotConversationsTable {
  person_id: string;
  scope: Generated<string>;
  conversation_id: string;
  service_url: string;
  tenant_id: string | null;
  bot_id: string | null;
  user_id: string | null;
  channel_id: string | null;
  updated_at: Generated<Date>;
}

export interface KbVersionsTable {
  id: Generated<number>;
  created_at: Generated<Date>;
  created_by: string;
  source_name: string;
  source_sha256: string;
  entry_count: number;
  vocabulary: Json<Array<{ concept: string; terms: string[] }>>;
  note: string | null;
}

export interface KbEntriesTable {
  version_id: number;
  entry_id: string;
  position: number;
  question: string;
  alternates: Json<string[]>;
  answer: string;
  category: string | null;
  link: string | null;
}

export interface KbStateTable {
  id: number;
  active_version_id: number | null;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface KbQuestionsTable {
  id: Generated<number>;
  asked_at: Generated<Date>;
  person_id: string | null;
  channel: string;
  question: string;
  lang: string;
  outcome: 'answer' | 'suggestions' | 'none' | 'smalltalk';
  entry_id: string | null;
  suggestions: Json<string[]>;
  score: number;
  version_id: number | null;
  feedback: 'helpful' | 'not_helpful' | null;
  feedback_at: Timestamp | null;
}

export interface KbDraftsTable {
  id: Generated<number>;
  created_at: Generated<Date>;
  created_by: string;
  question: string;
  answer: string;
  source_request_id: string | null;
  status: Generated<'pending' | 'used' | 'discarded'>;
}

/** Status of an HR request (see core/hr/hr-requests.ts). */
export type HrRequestStatus = 'open' | 'taken' | 'answered' | 'closed';

/** An agent's question handed over to HR (migration 0009). */
export interface HrRequestsTable {
  id: Generated<string>;
  number: Generated<number>;
  person_id: string;
  question: string;
  lang: string;
  question_id: number | null;
  context: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<HrRequestStatus>;
  created_at: Generated<Date>;
  taken_by: string | null;
  taken_at: Date | null;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  closed_by: string | null;
  closed_at: Date | null;
  draft_id: number | null;
  channel_activity_id: string | null;
}

/** The HR team's channel where requests are posted (one row, migration 0009). */
export interface HrChannelTable {
  id: number;
  conversation_id: string;
  service_url: string;
  tenant_id: string | null;
  bot_id: string | null;
  team_id: string | null;
  channel_id: string | null;
  designated_by: string | null;
  designated_at: Generated<Date>;
}

/** Which report events a webhook subscription receives. */
export type WebhookEventFilter = 'all' | 'created' | 'updated';
/** What happened to a field report (written by triggers on `field_reports`, migration 0010). */
export type FieldReportEventKind = 'created' | 'updated';
/** Where one webhook delivery stands (core/field-reports/webhooks/). */
export type WebhookDeliveryState = 'pending' | 'sending' | 'delivered' | 'dead' | 'cancelled';

/** A webhook subscription of the field-ops connector's trigger (migration 0010). */
export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  /** Actor key of the caller who subscribed (core/audit `actorOf`): only they may delete it. */
  owner_key: string;
  callback_url: string;
  event_filter: Generated<WebhookEventFilter>;
  category_code: string | null;
  /** HMAC-SHA256 key of the `X-Equipage-Signature` header (secret). */
  secret: string;
  created_at: Generated<Date>;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

/** The change feed of field reports (migration 0010). */
export interface FieldReportEventsTable {
  /** bigserial: a string on PostgreSQL (`pg`), possibly a number on PGlite; read it through `String()`. */
  id: Generated<string | number>;
  report_id: string;
  kind: FieldReportEventKind;
  at: Generated<Date>;
  fanned_out: Generated<boolean>;
}

/** One event for one subscription: the webhook outbox (migration 0010). */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  event_id: string | number;
  subscription_id: string;
  state: Generated<WebhookDeliveryState>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  delivered_at: Date | null;
}

/** The whole database, as Kysely sees it. */
export interface Database {
  services: ServicesTable;
  people: PeopleTable;
  onboarding_templates: OnboardingTemplatesTable;
  onboardings: OnboardingsTable;
  onboarding_steps: OnboardingStepsTable;
  audit_log: AuditLogTable;
  report_categories: ReportCategoriesTable;
  assets: AssetsTable;
  field_reports: FieldReportsTable;
  field_report_photos: FieldReportPhotosTable;
  field_report_status_history: FieldReportStatusHistoryTable;
  idempotency_keys: IdempotencyKeysTable;
  outbound_messages: OutboundMessagesTable;
  kb_versions: KbVersionsTable;
  kb_entries: KbEntriesTable;
  kb_state: KbStateTable;
  kb_questions: KbQuestionsTable;
  kb_drafts: KbDraftsTable;
  documents: DocumentsTable;
  document_links: DocumentLinksTable;
  certificates: CertificatesTable;
  bot_conversations: BotConversationsTable;
  onboarding_template_versions: OnboardingTemplateVersionsTable;
  onboarding_document_versions: OnboardingDocumentVersionsTable;
  onboarding_acknowledgments: OnboardingAcknowledgmentsTable;
  onboarding_notifications: OnboardingNotificationsTable;
  service_channels: ServiceChannelsTable;
  hr_requests: HrRequestsTable;
  hr_channel: HrChannelTable;
  field_report_open311: FieldReportOpen311Table;
  webhook_subscriptions: WebhookSubscriptionsTable;
  field_report_events: FieldReportEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type Service = Selectable<ServicesTable>;
export type OnboardingTemplate = Selectable<OnboardingTemplatesTable>;
export type Onboarding = Selectable<OnboardingsTable>;
export type OnboardingStep = Selectable<OnboardingStepsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type CertificateRow = Selectable<CertificatesTable>;

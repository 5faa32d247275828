/**
 * How a Graph user becomes a row of `people`: the directory-owned columns, compared column by
 * column so a second synchronization with nothing new changes nothing.
 */
import type { Person } from '../storage/schema.js';
import type { GraphUser } from './graph-directory.js';

/** The columns of `people` the directory synchronization owns (everything else is the suite's). */
export interface DirectoryFields {
  entra_object_id: string;
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
  preferred_language: string;
  hr_member: boolean;
  hire_date: string | null;
  status: 'active' | 'left';
  left_at: string | null;
}

export const DIRECTORY_FIELDS = [
  'entra_object_id',
  'upn',
  'matricule',
  'given_name',
  'family_name',
  'display_name',
  'email',
  'job_title',
  'service_id',
  'manager_id',
  'site',
  'mobile_phone',
  'preferred_language',
  'hr_member',
  'hire_date',
  'status',
  'left_at',
] as const satisfies ReadonlyArray<keyof DirectoryFields>;

/** Trimmed text, or null when empty. */
export function text(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

/** The suite speaks French and English: `en-GB` → `en`; anything else (or nothing) → `fr`. */
export function mapLanguage(preferredLanguage: string | null | undefined, current?: string): string {
  const tag = text(preferredLanguage)?.toLowerCase();
  if (!tag) return current ?? 'fr';
  return tag === 'en' || tag.startsWith('en-') ? 'en' : 'fr';
}

/** `2021-09-01T00:00:00Z` → `2021-09-01`; null when absent or malformed. */
export function mapDate(value: string | null | undefined): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return match ? match[1]! : null;
}

/** Context the mapping needs besides the user itself. */
export interface MappingContext {
  /** Service id for the user's department (already resolved or created). */
  serviceId: string | null;
  /** Person id of the user's manager, or null. */
  managerId: string | null;
  /** HR membership, or undefined when no HR group is configured (keep the current value). */
  hrMember: boolean | undefined;
  /** Matricule to store (duplicates across users are dropped by the caller). */
  matricule: string | null;
  today: string;
}

/** The directory fields of `user`, given the row it updates (if any). */
export function directoryFields(user: GraphUser, current: Person | undefined, ctx: MappingContext): DirectoryFields {
  const upn = (text(user.userPrincipalName) ?? user.id).toLowerCase();
  const givenName = text(user.givenName);
  const surname = text(user.surname);
  const displayName = text(user.displayName) ?? ([givenName, surname].filter(Boolean).join(' ') || upn);
  const enabled = user.accountEnabled !== false;
  return {
    entra_object_id: user.id,
    upn,
    matricule: ctx.matricule,
    given_name: givenName ?? '',
    family_name: surname ?? '',
    display_name: displayName,
    email: text(user.mail)?.toLowerCase() ?? null,
    job_title: text(user.jobTitle),
    service_id: ctx.serviceId,
    manager_id: ctx.managerId,
    site: text(user.officeLocation),
    mobile_phone: text(user.mobilePhone),
    preferred_language: mapLanguage(user.preferredLanguage, current?.preferred_language),
    hr_member: ctx.hrMember ?? current?.hr_member ?? false,
    // Graph is authoritative for the hire date only when it has one (HR may have typed it here).
    hire_date: mapDate(user.employeeHireDate) ?? current?.hire_date ?? null,
    status: enabled ? 'active' : 'left',
    left_at: enabled ? null : (current?.status === 'left' && current.left_at ? current.left_at : ctx.today),
  };
}

/** The columns of `current` that differ from `desired` (empty: nothing to write). */
export function changedFields(current: Person, desired: DirectoryFields): Partial<DirectoryFields> {
  const changes: Record<string, unknown> = {};
  for (const key of DIRECTORY_FIELDS) {
    if ((current[key] ?? null) !== (desired[key] ?? null)) changes[key] = desired[key];
  }
  return changes as Partial<DirectoryFields>;
}

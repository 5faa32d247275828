import type { FormEvent } from 'react';
import type { LocalUsersResponse, TabRole } from '../../../../../core/onboarding/types';

/** Props of the local-mode "Se connecter en tant que…" picker. */
export interface LocalUserPickerProps {
  users: LocalUsersResponse;
  /** Preselected person id (e.g. the last one used). */
  initialPersonId?: string | null;
  onSelect(personId: string): void;
}

export interface LocalUserPickerState {
  groups: LocalUsersResponse['services'];
  selected: string;
  selectId: string;
  tagsOf(roles: TabRole[]): string;
  onChange(personId: string): void;
  onSubmit(event: FormEvent): void;
}

import { useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { LocalUserPickerProps, LocalUserPickerState } from './LocalUserPicker.types';

/** Selection state of the picker; the first person with an onboarding is proposed by default. */
export function useLocalUserPicker(props: LocalUserPickerProps): LocalUserPickerState {
  const { t } = useI18n();
  const all = props.users.services.flatMap((s) => s.people);
  const fallback = all.find((p) => p.roles.includes('agent'))?.id ?? all[0]?.id ?? '';
  const initial = props.initialPersonId && all.some((p) => p.id === props.initialPersonId) ? props.initialPersonId : fallback;
  const [selected, setSelected] = useState(initial);
  const selectId = useId();
  const tag = { agent: t.tagAgent, manager: t.tagManager, hr: t.tagHr } as const;
  return {
    groups: props.users.services,
    selected,
    selectId,
    tagsOf: (roles) => (roles.length ? ` (${roles.map((r) => tag[r]).join(', ')})` : ''),
    onChange: setSelected,
    onSubmit(event) {
      event.preventDefault();
      if (selected) props.onSelect(selected);
    },
  };
}

/** Local mode only: "Se connecter en tant que…" a person of the demo commune, clearly marked as unauthenticated. */
import { useI18n } from '../../i18n/i18n-context';
import type { LocalUserPickerProps } from './LocalUserPicker.types';
import { renderLocalUserPicker } from './renderLocalUserPicker';
import { useLocalUserPicker } from './useLocalUserPicker';
import { useLocalUserPickerStyles } from './LocalUserPicker.styles';

export type { LocalUserPickerProps } from './LocalUserPicker.types';

export function LocalUserPicker(props: LocalUserPickerProps) {
  const state = useLocalUserPicker(props);
  const styles = useLocalUserPickerStyles();
  return renderLocalUserPicker(state, styles, useI18n().t);
}

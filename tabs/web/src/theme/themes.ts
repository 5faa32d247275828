/** Fluent UI themes matching Teams' light, dark and high-contrast themes. */
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import type { HostTheme } from '../host/host';

/** The Fluent theme for a host theme. */
export function fluentThemeOf(theme: HostTheme): Theme {
  return theme === 'dark' ? teamsDarkTheme : theme === 'contrast' ? teamsHighContrastTheme : teamsLightTheme;
}

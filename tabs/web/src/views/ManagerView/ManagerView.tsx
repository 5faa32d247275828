/** "Mes arrivées": a manager's reports in onboarding. Loaded as its own chunk. */
import { useI18n } from '../../i18n/i18n-context';
import { renderManagerView } from './renderManagerView';
import { useManagerView } from './useManagerView';
import { useManagerViewStyles } from './ManagerView.styles';

export function ManagerView() {
  const state = useManagerView();
  const styles = useManagerViewStyles();
  return renderManagerView(state, styles, useI18n().t);
}

export default ManagerView;

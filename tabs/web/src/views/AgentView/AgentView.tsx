/** "Mon arrivée": the new agent's path, phone first. */
import { useI18n } from '../../i18n/i18n-context';
import type { AgentViewProps } from './AgentView.types';
import { renderAgentView } from './renderAgentView';
import { useAgentView } from './useAgentView';
import { useAgentViewStyles } from './AgentView.styles';

export type { AgentViewProps } from './AgentView.types';

export function AgentView(props: AgentViewProps) {
  const state = useAgentView(props);
  const styles = useAgentViewStyles();
  return renderAgentView(state, styles, useI18n());
}

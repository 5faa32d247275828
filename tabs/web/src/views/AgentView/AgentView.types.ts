import type { PlanState } from '../../state/use-plan-state';

/** Props of the agent view. */
export interface AgentViewProps {
  /** Shows a link to the manager view (the caller manages people). */
  showManagerLink?: boolean;
}

export type AgentViewState = PlanState & { showManagerLink: boolean };

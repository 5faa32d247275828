import { useCallback } from 'react';
import { useTabApi } from '../../api/api-context';
import { usePlanState } from '../../state/use-plan-state';
import type { AgentViewProps, AgentViewState } from './AgentView.types';

/** Loads the caller's own plan and handles their ticks. */
export function useAgentView(props: AgentViewProps): AgentViewState {
  const api = useTabApi();
  const load = useCallback(() => api.myPlan(), [api]);
  return { ...usePlanState(load), showManagerLink: props.showManagerLink ?? false };
}

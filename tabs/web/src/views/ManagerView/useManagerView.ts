import { useCallback, useEffect, useState } from 'react';
import type { ArrivalSummary, Progress, StartOnboardingResponse } from '../../../../../core/onboarding/types';
import { useTabApi } from '../../api/api-context';
import { asApiError, type LoadState } from '../../state/use-plan-state';
import type { ManagerViewState } from './ManagerView.types';

/** Loads the manager's arrivals; keeps which ones are opened. */
export function useManagerView(): ManagerViewState {
  const api = useTabApi();
  const [state, setState] = useState<LoadState<ArrivalSummary[]>>({ status: 'loading' });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [attempt, setAttempt] = useState(0);
  const [starting, setStarting] = useState(false);
  const [started, setStarted] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    api.arrivals().then(
      (data) => live && setState({ status: 'ready', data }),
      (error: unknown) => live && setState({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  const updateProgress = useCallback((onboardingId: string, progress: Progress) => {
    setState((s) =>
      s.status === 'ready'
        ? { status: 'ready', data: s.data.map((a) => (a.onboardingId === onboardingId ? { ...a, progress } : a)) }
        : s,
    );
  }, []);

  return {
    state,
    expanded,
    reload: useCallback(() => setAttempt((n) => n + 1), []),
    toggleExpanded: useCallback((id: string) => {
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
    }, []),
    updateProgress,
    starting,
    setStarting: useCallback((open: boolean) => {
      setStarting(open);
      if (open) setStarted(null);
    }, []),
    started,
    onStarted: useCallback((result: StartOnboardingResponse, name: string) => {
      setStarting(false);
      setStarted(name);
      setExpanded((prev) => new Set(prev).add(result.onboardingId));
      setAttempt((n) => n + 1);
    }, []),
  };
}

/**
 * Loads a plan and ticks its steps optimistically: the checkbox changes at once, the server's
 * answer then replaces the step and the progress; on error the step is put back as it was and
 * the error is shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { computeProgress } from '../../../../core/onboarding/progress';
import type { PlanView, Progress, StepView } from '../../../../core/onboarding/types';
import { todayInParis } from '../../../../core/util/dates';
import { useTabApi } from '../api/api-context';
import { ApiError } from '../api/tab-api';

export type LoadState<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

/** A failed tick, to show until dismissed. */
export interface TickFailure {
  stepTitle: string;
  error: ApiError;
}

export interface PlanState {
  state: LoadState<PlanView | null>;
  /** Ids of steps whose change is being saved. */
  pending: ReadonlySet<string>;
  tickFailure: TickFailure | null;
  reload(): void;
  toggle(step: StepView): void;
  dismissFailure(): void;
}

/** Turns anything thrown into an {@link ApiError}. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('CLIENT', 0, message, message);
}

function withStep(plan: PlanView, stepId: string, change: (s: StepView) => StepView, progress?: Progress): PlanView {
  const phases = plan.phases.map((p) => ({ ...p, steps: p.steps.map((s) => (s.id === stepId ? change(s) : s)) }));
  const steps = phases.flatMap((p) => p.steps);
  return { ...plan, phases, progress: progress ?? computeProgress(steps, todayInParis()) };
}

/** State of one plan: `load` fetches it (the caller's own, or one by id). `onProgress` hears confirmed changes. */
export function usePlanState(load: () => Promise<PlanView | null>, onProgress?: (progress: Progress) => void): PlanState {
  const api = useTabApi();
  const [state, setState] = useState<LoadState<PlanView | null>>({ status: 'loading' });
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [tickFailure, setTickFailure] = useState<TickFailure | null>(null);
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const pendingRef = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    loadRef.current().then(
      (data) => live && setState({ status: 'ready', data }),
      (error: unknown) => live && setState({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const setPlan = (update: (plan: PlanView) => PlanView) =>
    setState((s) => (s.status === 'ready' && s.data ? { status: 'ready', data: update(s.data) } : s));

  const toggle = useCallback(
    (step: StepView) => {
      if (pendingRef.current.has(step.id)) return;
      pendingRef.current.add(step.id);
      setPending(new Set(pendingRef.current));
      setTickFailure(null);
      const target = step.status === 'done' ? 'todo' : 'done';
      setPlan((plan) => withStep(plan, step.id, (s) => ({ ...s, status: target, overdue: target === 'done' ? false : s.dueDate < todayInParis() })));
      const request = target === 'done' ? api.completeStep(step.id) : api.reopenStep(step.id);
      request
        .then(
          (result) => {
            setPlan((plan) => withStep(plan, step.id, (s) => ({ ...result.step, canToggle: s.canToggle }), result.progress));
            onProgress?.(result.progress);
          },
          (error: unknown) => {
            // Roll back to what the server last confirmed.
            setPlan((plan) => withStep(plan, step.id, () => step));
            setTickFailure({ stepTitle: step.title, error: asApiError(error) });
          },
        )
        .finally(() => {
          pendingRef.current.delete(step.id);
          setPending(new Set(pendingRef.current));
        });
    },
    [api, onProgress],
  );

  return {
    state,
    pending,
    tickFailure,
    reload: useCallback(() => setAttempt((n) => n + 1), []),
    toggle,
    dismissFailure: useCallback(() => setTickFailure(null), []),
  };
}

import type { ArrivalSummary, Progress, StartOnboardingResponse } from '../../../../../core/onboarding/types';
import type { LoadState } from '../../state/use-plan-state';

export interface ManagerViewState {
  state: LoadState<ArrivalSummary[]>;
  expanded: ReadonlySet<string>;
  reload(): void;
  toggleExpanded(onboardingId: string): void;
  /** A step of an arrival changed: update its line. */
  updateProgress(onboardingId: string, progress: Progress): void;
  /** The "start an onboarding" form is open. */
  starting: boolean;
  setStarting(open: boolean): void;
  /** Name of the person whose onboarding was just started. */
  started: string | null;
  onStarted(result: StartOnboardingResponse, name: string): void;
}

import type { ArrivalSummary, Progress } from '../../../../../core/onboarding/types';
import type { LoadState } from '../../state/use-plan-state';

export interface ManagerViewState {
  state: LoadState<ArrivalSummary[]>;
  expanded: ReadonlySet<string>;
  reload(): void;
  toggleExpanded(onboardingId: string): void;
  /** A step of an arrival changed: update its line. */
  updateProgress(onboardingId: string, progress: Progress): void;
}

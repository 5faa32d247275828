import type { StepView } from '../../../../../core/onboarding/types';

/** Props of a step line. */
export interface StepItemProps {
  step: StepView;
  /** True while the step's change is being saved. */
  pending: boolean;
  /** Whose plan it is: "self" words the owner as "Toi"/"You". */
  viewer: 'self' | 'other';
  onToggle(step: StepView): void;
}

/** What the render function needs, computed by {@link useStepItem}. */
export interface StepItemState {
  step: StepView;
  pending: boolean;
  checked: boolean;
  ownerLabel: string;
  dueLabel: string;
  statusLabel: string;
  /** "Pris en charge par …" / "Fait par …" when the viewer cannot tick it. */
  whoLabel: string | null;
  helpId: string;
  moreInfo: string;
  toggle(): void;
}

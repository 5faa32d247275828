/** One step of a plan: who does it, when, its state and help; tickable by its owner. */
import type { StepItemProps } from './StepItem.types';
import { renderStepItem } from './renderStepItem';
import { useStepItem } from './useStepItem';
import { useStepItemStyles } from './StepItem.styles';

export type { StepItemProps } from './StepItem.types';

export function StepItem(props: StepItemProps) {
  const state = useStepItem(props);
  const styles = useStepItemStyles();
  return renderStepItem(state, styles);
}

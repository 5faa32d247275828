import { useId } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { StepItemProps, StepItemState } from './StepItem.types';

/** Derives the labels of a step line from the step and the language. */
export function useStepItem(props: StepItemProps): StepItemState {
  const { t, formatDate } = useI18n();
  const { step } = props;
  const helpId = useId();
  const ownerLabel = (props.viewer === 'self' ? t.role : t.roleOther)[step.ownerRole];
  const assignee = step.assignee?.displayName ?? t.roleOther[step.ownerRole];
  const whoLabel = step.canToggle ? null : step.status === 'done' ? (step.doneBy ? t.doneBy(step.doneBy.displayName) : null) : t.onIt(assignee);
  return {
    step,
    pending: props.pending,
    checked: step.status === 'done',
    ownerLabel,
    dueLabel: t.due(formatDate(step.dueDate)),
    statusLabel: step.status === 'done' ? t.done : step.overdue ? t.overdue : t.todo,
    whoLabel,
    helpId,
    moreInfo: t.moreInfo,
    toggle: () => props.onToggle(step),
  };
}

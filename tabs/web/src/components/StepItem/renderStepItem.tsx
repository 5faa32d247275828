import { Badge, Caption1, Checkbox, Link, Text, mergeClasses } from '@fluentui/react-components';
import type { StepItemState } from './StepItem.types';
import { useStepItemStyles } from './StepItem.styles';

/** Renders a step: a checkbox when the viewer may tick it, its status otherwise. */
export function renderStepItem(state: StepItemState, styles: ReturnType<typeof useStepItemStyles>) {
  const { step } = state;
  const titleClass = mergeClasses(styles.title, state.checked && styles.titleDone);
  return (
    <li className={styles.root}>
      {step.canToggle ? (
        <Checkbox
          checked={state.checked}
          disabled={state.pending}
          onChange={state.toggle}
          aria-describedby={step.help ? state.helpId : undefined}
          label={<span className={titleClass}>{step.title}</span>}
        />
      ) : (
        <div className={styles.readOnly}>
          <Badge className={styles.badge} appearance={state.checked ? 'filled' : 'outline'} color={state.checked ? 'success' : step.overdue ? 'danger' : 'informative'}>
            {state.statusLabel}
          </Badge>
          <Text className={titleClass}>{step.title}</Text>
        </div>
      )}
      <div className={styles.meta}>
        <Caption1>{state.ownerLabel}</Caption1>
        <Caption1>{state.dueLabel}</Caption1>
        {step.canToggle && step.overdue && !state.checked && (
          <Badge appearance="tint" color="danger">
            {state.statusLabel}
          </Badge>
        )}
        {state.whoLabel && <Caption1>{state.whoLabel}</Caption1>}
      </div>
      {(step.help || step.link) && (
        <Text as="p" size={200} id={state.helpId} className={styles.help}>
          {step.help}
          {step.help && step.link ? ' ' : ''}
          {step.link && (
            <Link href={step.link} target="_blank" rel="noreferrer" aria-label={`${state.moreInfo} — ${step.title}`}>
              {state.moreInfo}
            </Link>
          )}
        </Text>
      )}
    </li>
  );
}

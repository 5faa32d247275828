/** The steps of a plan, grouped by phase (before arrival, day 1, week 1, month 1), each phase a headed list. */
import { Subtitle2 } from '@fluentui/react-components';
import type { PlanView, StepView } from '../../../../../core/onboarding/types';
import { useI18n } from '../../i18n/i18n-context';
import { StepItem } from '../StepItem/StepItem';
import { usePhaseListStyles } from './PhaseList.styles';

export interface PhaseListProps {
  plan: PlanView;
  pending: ReadonlySet<string>;
  onToggle(step: StepView): void;
  /** Heading level of the phase titles (2 in the agent view, 3 inside an arrival). */
  headingLevel?: 2 | 3 | 4;
}

export function PhaseList(props: PhaseListProps) {
  const { t } = useI18n();
  const styles = usePhaseListStyles();
  const Heading = `h${props.headingLevel ?? 2}` as const;
  return (
    <>
      {props.plan.phases.map((p) => (
        <section key={p.phase} className={styles.phase} aria-labelledby={`phase-${props.plan.id}-${p.phase}`}>
          <Subtitle2 as={Heading} className={styles.heading} id={`phase-${props.plan.id}-${p.phase}`}>
            {t.phase[p.phase]}
          </Subtitle2>
          <ul className={styles.list}>
            {p.steps.map((s) => (
              <StepItem
                key={s.id}
                step={s}
                pending={props.pending.has(s.id)}
                viewer={props.plan.viewerRelation === 'self' ? 'self' : 'other'}
                onToggle={props.onToggle}
              />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

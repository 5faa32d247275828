import { makeStyles, tokens } from '@fluentui/react-components';

/** Styles of the phases of a plan. */
export const usePhaseListStyles = makeStyles({
  phase: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  heading: { marginBlock: 0, paddingBlockStart: tokens.spacingVerticalM },
  list: { margin: 0, padding: 0 },
});

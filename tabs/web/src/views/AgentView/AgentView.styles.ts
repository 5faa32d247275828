import { makeStyles, tokens } from '@fluentui/react-components';

/** Phone first: one column; from 48rem the contacts and practical information move aside. */
export const useAgentViewStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalM,
    maxWidth: '64rem',
    marginInline: 'auto',
    '@media (min-width: 48rem)': { gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)', padding: tokens.spacingHorizontalXL },
  },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, gridColumn: '1 / -1' },
  title: { marginBlock: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  steps: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  aside: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  alert: { gridColumn: '1 / -1' },
});

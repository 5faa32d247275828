import { makeStyles, tokens } from '@fluentui/react-components';

/** Styles of the manager view and its arrival cards. */
export const useManagerViewStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalM, maxWidth: '56rem', marginInline: 'auto' },
  title: { marginBlock: 0 },
  list: { margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  item: { listStyleType: 'none' },
  cardHeader: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, overflowWrap: 'anywhere' },
  name: { marginBlock: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  facts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  details: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

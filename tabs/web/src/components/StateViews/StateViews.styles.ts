import { makeStyles, tokens } from '@fluentui/react-components';

/** Styles of the loading, error and empty states. */
export const useStateViewsStyles = makeStyles({
  center: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalM,
    paddingBlock: tokens.spacingVerticalXXL,
    paddingInline: tokens.spacingHorizontalL,
    textAlign: 'center',
  },
  empty: { color: tokens.colorNeutralForeground2, maxWidth: '32rem' },
});

import { makeStyles, tokens } from '@fluentui/react-components';

/** Styles of a step line: the checkbox or status first, details below, wrapping at 320 px. */
export const useStepItemStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    listStyleType: 'none',
  },
  badge: { flexShrink: 0, whiteSpace: 'nowrap' },
  title: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  titleDone: { color: tokens.colorNeutralForeground3 },
  readOnly: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS, paddingInlineStart: tokens.spacingHorizontalXS },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    paddingInlineStart: tokens.spacingHorizontalXXL,
    color: tokens.colorNeutralForeground2,
  },
  help: { paddingInlineStart: tokens.spacingHorizontalXXL, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

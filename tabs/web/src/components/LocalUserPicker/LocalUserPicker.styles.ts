import { makeStyles, tokens } from '@fluentui/react-components';

/** Styles of the picker: one column, full width on a phone. */
export const useLocalUserPickerStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '36rem', marginInline: 'auto', padding: tokens.spacingHorizontalL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { marginBlock: 0 },
});

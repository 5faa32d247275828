import { Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Select, Title2 } from '@fluentui/react-components';
import type { TabStrings } from '../../i18n/strings';
import type { LocalUserPickerState } from './LocalUserPicker.types';
import type { useLocalUserPickerStyles } from './LocalUserPicker.styles';

/** Renders the warning banner and the picker form. */
export function renderLocalUserPicker(state: LocalUserPickerState, styles: ReturnType<typeof useLocalUserPickerStyles>, t: TabStrings) {
  return (
    <main className={styles.root}>
      <Title2 as="h1" className={styles.heading}>
        {t.signInAs}
      </Title2>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t.localModeTitle}</MessageBarTitle>
          {t.localModeText}
        </MessageBarBody>
      </MessageBar>
      <form className={styles.form} onSubmit={state.onSubmit}>
        <Field label={t.pickPerson}>
          <Select id={state.selectId} value={state.selected} onChange={(_e, data) => state.onChange(data.value)}>
            {state.groups.map((g) => (
              <optgroup key={g.id ?? g.name} label={g.name}>
                {g.people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {`${p.displayName} — ${p.jobTitle ?? ''}${state.tagsOf(p.roles)}`}
                  </option>
                ))}
              </optgroup>
            ))}
          </Select>
        </Field>
        <Button appearance="primary" type="submit">
          {t.signIn}
        </Button>
      </form>
    </main>
  );
}

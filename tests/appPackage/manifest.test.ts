/**
 * The manifest template and its English localization, before any environment is applied:
 * every French string a person sees has its English translation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/util/project-root.js';

const readJson = (name: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'appPackage', name), 'utf8'));

describe('appPackage/manifest.json and en-us.json', () => {
  const manifest = readJson('manifest.json');
  const english = readJson('en-us.json');

  it('uses a recent schema bundled by @microsoft/app-manifest, French by default', () => {
    const version = /\/teams\/v(\d+)\.(\d+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema);
    expect(version).not.toBeNull();
    expect(`${version![1]}.${version![2]}`).toBe(manifest.manifestVersion);
    expect(Number(version![1]) === 1 && Number(version![2]) >= 19).toBe(true);
    expect(english.$schema).toBe(manifest.$schema.replace('MicrosoftTeams.schema.json', 'MicrosoftTeams.Localization.schema.json'));
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('fr-FR');
  });

  it('translates every name, description, tab name and bot command', () => {
    const expected = ['name.short', 'name.full', 'description.short', 'description.full'];
    manifest.staticTabs.forEach((tab: { name?: string }, i: number) => {
      if (tab.name) expected.push(`staticTabs[${i}].name`);
    });
    manifest.bots[0].commandLists.forEach((list: { commands: Array<{ description?: string }> }, l: number) => {
      list.commands.forEach((command, c) => {
        expected.push(`bots[0].commandLists[${l}].commands[${c}].title`);
        if (command.description) expected.push(`bots[0].commandLists[${l}].commands[${c}].description`);
      });
    });
    expect(Object.keys(english).filter((k) => k !== '$schema').sort()).toEqual(expected.sort());
    expect(english['bots[0].commandLists[0].commands[0].title']).toBe('help');
  });

  it('keeps the app id, bot id, SSO app and addresses as environment placeholders', () => {
    expect(manifest.id).toBe('${{TEAMS_APP_ID}}');
    expect(manifest.bots[0].botId).toBe('${{BOT_ID}}');
    expect(manifest.webApplicationInfo).toEqual({ id: '${{AAD_APP_CLIENT_ID}}', resource: 'api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}' });
    const urls = JSON.stringify([manifest.staticTabs, manifest.configurableTabs, manifest.developer]).match(/https?:\/\/[^"]*/g) ?? [];
    expect(urls).toEqual([]); // every URL starts with ${{TAB_ENDPOINT}}
  });
});

/**
 * The parts of teams-js the tab uses. Imported by name so the bundler drops the rest, and loaded
 * on demand (host.ts) only when a Teams host may be present.
 */
export { app, authentication, pages } from '@microsoft/teams-js';

/**
 * The onboarding tab surface: its API under `/api/tab/*` (every route but the local-mode
 * picker list requires an authenticated caller) and its web app under `/tab/`.
 */
import type { SurfaceRegistrar } from '../../server/app.js';
import { registerLocalUsersRoute } from './local-users.js';
import { registerManagerArrivalsRoute } from './manager-arrivals.js';
import { registerMeRoute } from './me.js';
import { registerMyOnboardingRoute } from './my-onboarding.js';
import { registerOnboardingByIdRoute } from './onboarding-by-id.js';
import { registerStepCompleteRoute } from './step-complete.js';
import { registerStepReopenRoute } from './step-reopen.js';
import { registerTabWeb } from './web-routes.js';

/** Registers the tab's API and web app. */
export const registerTabs: SurfaceRegistrar = async (app, ctx) => {
  registerMeRoute(app, ctx);
  registerLocalUsersRoute(app, ctx);
  registerMyOnboardingRoute(app, ctx);
  registerOnboardingByIdRoute(app, ctx);
  registerStepCompleteRoute(app, ctx);
  registerStepReopenRoute(app, ctx);
  registerManagerArrivalsRoute(app, ctx);
  await registerTabWeb(app);
};

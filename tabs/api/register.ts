/**
 * The onboarding tab surface: its API under `/api/tab/*` (every route but the local-mode
 * picker list requires an authenticated caller) and its web app under `/tab/`.
 */
import type { SurfaceRegistrar } from '../../server/app.js';
import { registerDocumentRoutes } from './documents.js';
import { registerHrArrivalsRoutes } from './hr-arrivals.js';
import { registerHrPayrollRoutes } from './hr-payroll.js';
import { registerHrTemplateRoutes } from './hr-templates.js';
import { registerLegalPages } from './legal-pages.js';
import { registerLocalUsersRoute } from './local-users.js';
import { registerPeoplePhotoRoute } from './people-photo.js';
import { registerStartOnboardingRoutes } from './start-onboarding.js';
import { registerTeamArrivalsRoute } from './team-arrivals.js';
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
  registerStartOnboardingRoutes(app, ctx);
  registerDocumentRoutes(app, ctx);
  registerHrTemplateRoutes(app, ctx);
  registerHrArrivalsRoutes(app, ctx);
  await registerHrPayrollRoutes(app, ctx);
  registerTeamArrivalsRoute(app, ctx);
  registerPeoplePhotoRoute(app, ctx);
  registerLegalPages(app);
  await registerTabWeb(app);
};

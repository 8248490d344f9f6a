import { BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { serverConfig } from './app/app.config.server';

/**
 * The server entry point: used only at build time, by `ng build`, to prerender the pages that
 * app.routes.server.ts marks for it (the login page, in each language). Nothing runs it at run
 * time; the Tobira server serves the prerendered files (server/web-client).
 */
const bootstrap = (context: BootstrapContext) => bootstrapApplication(App, serverConfig, context);

export default bootstrap;

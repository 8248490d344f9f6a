import {
  ApplicationConfig,
  PLATFORM_ID,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { APP_BASE_HREF, isPlatformServer } from '@angular/common';
import {
  provideHttpClient,
  withInterceptors,
  withXsrfConfiguration,
  withXhr,
} from '@angular/common/http';
import {
  provideClientHydration,
  withEventReplay,
  withI18nSupport,
  withNoHttpTransferCache,
} from '@angular/platform-browser';
import { TitleStrategy, provideRouter, withInMemoryScrolling } from '@angular/router';
import { routes } from './app.routes';
import { authInterceptor } from './core/interceptors/auth-interceptor';
import { SessionStore } from './core/session/session-store';
import { PageTitleStrategy } from './core/title/page-title-strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // The login page is prerendered at build time (app.routes.server.ts): the browser takes over
    // its HTML instead of rendering it again, replaying clicks made before that. Prerendering
    // makes no HTTP calls, so there is nothing to transfer.
    provideClientHydration(withI18nSupport(), withEventReplay(), withNoHttpTransferCache()),
    provideHttpClient(
      withXhr(),
      withInterceptors([authInterceptor]),
      withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
    ),
    // Routes live at the root whatever <base href> the served index.html has, so the locale
    // builds may keep their assets under /ja/ and /en/ (their bundle names collide).
    { provide: APP_BASE_HREF, useValue: '/' },
    provideRouter(routes, withInMemoryScrolling({ scrollPositionRestoration: 'enabled' })),
    { provide: TitleStrategy, useClass: PageTitleStrategy },
    // The guards need to know who is signed in before the first navigation. A prerendered page
    // is what a guest sees: there is no session to ask about at build time.
    provideAppInitializer(() =>
      isPlatformServer(inject(PLATFORM_ID)) ? undefined : inject(SessionStore).load(),
    ),
  ],
};

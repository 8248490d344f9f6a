import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { APP_BASE_HREF } from '@angular/common';
import {
  provideHttpClient,
  withInterceptors,
  withXsrfConfiguration,
  withXhr,
} from '@angular/common/http';
import { TitleStrategy, provideRouter, withInMemoryScrolling } from '@angular/router';
import { routes } from './app.routes';
import { authInterceptor } from './core/interceptors/auth-interceptor';
import { SessionStore } from './core/session/session-store';
import { PageTitleStrategy } from './core/title/page-title-strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
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
    // The guards need to know who is signed in before the first navigation.
    provideAppInitializer(() => inject(SessionStore).load()),
  ],
};

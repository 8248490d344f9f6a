import { RenderMode, ServerRoute } from '@angular/ssr';

/**
 * What `ng build` prerenders. The login page is the same for every guest, so it is rendered at
 * build time, once per language, and paints from its HTML before any JavaScript runs; the
 * browser then hydrates it. The top page is prerendered too, without anyone's data: the header,
 * the menu and its cards paint from the HTML, and the account's expiry and role are filled in by
 * the browser once it has the session (the server sends `/` only to a signed-in session, see
 * server/web-client pageRedirect; the guards let the prerendering through). Everything else is
 * about the person signed in and is rendered in the browser from index.csr.html.
 */
export const serverRoutes: ServerRoute[] = [
  { path: 'login', renderMode: RenderMode.Prerender },
  { path: '', renderMode: RenderMode.Prerender },
  { path: '**', renderMode: RenderMode.Client },
];

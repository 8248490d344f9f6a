import { RenderMode, ServerRoute } from '@angular/ssr';

/**
 * What `ng build` prerenders. The login page is the same for every guest, so it is rendered at
 * build time, once per language, and paints from its HTML before any JavaScript runs; the
 * browser then hydrates it. Everything else is about the person signed in and is rendered in the
 * browser from index.csr.html.
 */
export const serverRoutes: ServerRoute[] = [
  { path: 'login', renderMode: RenderMode.Prerender },
  { path: '**', renderMode: RenderMode.Client },
];

import type { KoaContextWithOIDC } from 'oidc-provider';
import { resolveLocale, type Locale } from '../http/locale';
import { parseCookieHeader } from '../http/cookies';

function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function localeOf(ctx: KoaContextWithOIDC): Locale {
  return resolveLocale({
    headers: ctx.req.headers,
    cookies: parseCookieHeader(ctx.req.headers.cookie),
  });
}

// No script and no inline style: the provider's pages are plain documents.
function page(locale: Locale, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

const TEXT = {
  ja: {
    error: 'エラー',
    errorLead: 'アプリケーションからの要求を処理できませんでした。',
    logout: 'ログアウト',
    logoutLead: (client: string) => `${client} からのログアウト要求です。ログアウトしますか?`,
    yes: 'ログアウト',
    no: 'キャンセル',
    loggedOut: 'ログアウトしました。',
  },
  en: {
    error: 'Error',
    errorLead: 'The request from the application could not be processed.',
    logout: 'Sign out',
    logoutLead: (client: string) => `${client} asks to sign you out. Sign out?`,
    yes: 'Sign out',
    no: 'Cancel',
    loggedOut: 'You have been signed out.',
  },
} as const;

/** The provider's error page: the error code and description, never a stack. */
export function errorPage(ctx: KoaContextWithOIDC, out: Record<string, unknown>): string {
  const locale = localeOf(ctx);
  const t = TEXT[locale];
  return page(
    locale,
    t.error,
    `<p>${escapeHtml(t.errorLead)}</p><dl>${Object.entries(out)
      .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
      .join('')}</dl>`,
  );
}

/** RP-initiated logout's confirmation: `form` is the provider's (hidden fields and XSRF token). */
export function logoutPage(ctx: KoaContextWithOIDC, form: string): string {
  const locale = localeOf(ctx);
  const t = TEXT[locale];
  const client = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? 'Tobira';
  return page(
    locale,
    t.logout,
    `<p>${escapeHtml(t.logoutLead(client))}</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">${escapeHtml(t.yes)}</button>
<button type="submit" form="op.logoutForm">${escapeHtml(t.no)}</button>`,
  );
}

export function loggedOutPage(ctx: KoaContextWithOIDC): string {
  const locale = localeOf(ctx);
  const t = TEXT[locale];
  return page(locale, t.logout, `<p>${escapeHtml(t.loggedOut)}</p>`);
}

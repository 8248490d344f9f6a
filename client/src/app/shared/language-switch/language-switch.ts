import {
  ChangeDetectionStrategy,
  Component,
  InjectionToken,
  LOCALE_ID,
  inject,
} from '@angular/core';
import { DOCUMENT } from '@angular/common';

/** The server reads this cookie to pick the locale build (and the language of its messages). */
export const LANGUAGE_COOKIE = 'tobira-lang';

/** Reloads the page so that the server serves the other locale build; replaced in tests. */
export const RELOAD_PAGE = new InjectionToken<() => void>('RELOAD_PAGE', {
  providedIn: 'root',
  factory: () => {
    const document = inject(DOCUMENT);
    return () => document.location.reload();
  },
});

interface LanguageOption {
  readonly code: 'ja' | 'en';
  readonly name: string;
}

/** Offers the other language, named in that language (「English」 / 「日本語」). */
@Component({
  selector: 'app-language-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      type="button"
      class="button button--quiet language-switch"
      [attr.lang]="other.code"
      (click)="switchLanguage()"
    >
      {{ other.name }}
    </button>
  `,
})
export class LanguageSwitch {
  private readonly locale = inject(LOCALE_ID);
  private readonly document = inject(DOCUMENT);
  private readonly reload = inject(RELOAD_PAGE);

  protected readonly other: LanguageOption = this.locale.toLowerCase().startsWith('en')
    ? { code: 'ja', name: '日本語' }
    : { code: 'en', name: 'English' };

  protected switchLanguage(): void {
    this.document.cookie = `${LANGUAGE_COOKIE}=${this.other.code}; Path=/; Max-Age=31536000; SameSite=Lax`;
    this.reload();
  }
}

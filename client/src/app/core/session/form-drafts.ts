import { DOCUMENT } from '@angular/common';
import { ApplicationRef, Injectable, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { NavigationEnd, NavigationStart, Router } from '@angular/router';
import { filter } from 'rxjs';
import { SessionStore } from './session-store';
import { webStorage } from './web-storage';

/** This tab's draft (sessionStorage: gone with the tab, never shared with another one). */
const DRAFT_KEY = 'tobira.formDraft';
/** How long a page may take to show the fields of a draft after it opens (it loads data first). */
const RESTORE_WAIT_MS = 5_000;
const RESTORE_STEP_MS = 100;
const SIGN_IN_STEP = /^\/(?:login|password\/required)(?:[/?#;]|$)/;

interface DraftField {
  readonly id: string;
  readonly value: string;
  /** Checkboxes and radio buttons. */
  readonly checked?: boolean;
}

/** What was typed on a page when its session ended, to put back after the next sign-in. */
export interface FormDraft {
  readonly url: string;
  /** The page's name as its title gave it, for the login page to say what is kept. */
  readonly page: string;
  readonly username: string;
  readonly fields: readonly DraftField[];
  /** Password fields that had something typed: never kept, to be typed again. */
  readonly passwords: number;
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A password or a one-time code: never written anywhere, whatever the field shows just now. */
function isSecret(field: Field): boolean {
  if (field instanceof HTMLInputElement && field.type === 'password') return true;
  const autocomplete = field.getAttribute('autocomplete') ?? '';
  return /password|one-time-code/.test(autocomplete);
}

/**
 * What was typed is not lost silently when the session ends under the user (the idle timeout, or
 * ended elsewhere): the fields the user changed (Angular marks them `ng-dirty`) are kept in this
 * tab's sessionStorage, passwords and codes never; the login page says what was kept, and after
 * signing in again as the same user the same page gets them back with a notice. Another user, or
 * another page first, drops the draft.
 */
@Injectable({ providedIn: 'root' })
export class FormDrafts {
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);
  private readonly store = inject(SessionStore);
  private readonly appRef = inject(ApplicationRef);
  private readonly title = inject(Title);
  private watching = false;

  /** The draft just put back on this page, for its notice; cleared by the next navigation. */
  readonly restored = signal<FormDraft | null>(null);

  /** Keeps what was typed on the page, before the session is given up. */
  keep(): void {
    const username = this.store.session()?.username;
    const main = this.document.querySelector('main');
    if (!username || !main) return;
    const fields: DraftField[] = [];
    let passwords = 0;
    for (const field of main.querySelectorAll<Field>(
      'input.ng-dirty, textarea.ng-dirty, select.ng-dirty',
    )) {
      if (isSecret(field)) {
        if (field.value !== '') passwords++;
      } else if (field.id !== '' && !(field instanceof HTMLInputElement && field.type === 'file')) {
        const checkable =
          field instanceof HTMLInputElement &&
          (field.type === 'checkbox' || field.type === 'radio');
        fields.push(
          checkable
            ? { id: field.id, value: field.value, checked: field.checked }
            : { id: field.id, value: field.value },
        );
      }
    }
    if (fields.length === 0 && passwords === 0) return;
    const page = this.title.getTitle().split(' | ')[0];
    this.write({ url: this.router.url, page, username, fields, passwords });
  }

  /** The draft waiting for the next sign-in, if any (the login page says what it holds). */
  pending(): FormDraft | null {
    try {
      const raw = this.storage()?.getItem(DRAFT_KEY);
      return raw ? (JSON.parse(raw) as FormDraft) : null;
    } catch {
      return null;
    }
  }

  /** Puts a draft back when its page opens for its user (the shell starts this); idempotent. */
  watch(): void {
    if (this.watching) return;
    this.watching = true;
    this.router.events
      .pipe(filter((event) => event instanceof NavigationStart))
      .subscribe(() => this.restored.set(null));
    this.router.events
      .pipe(filter((event) => event instanceof NavigationEnd))
      .subscribe(() => this.onArrival());
    if (this.router.navigated) this.onArrival();
  }

  private onArrival(): void {
    const draft = this.pending();
    const username = this.store.session()?.username;
    // The sign-in steps lead on to the page; the draft waits for it.
    if (!draft || !username || SIGN_IN_STEP.test(this.router.url)) return;
    this.clear();
    if (draft.username !== username || draft.url !== this.router.url) return;
    void this.restore(draft);
  }

  /** Waits for the page to show the draft's fields (it may load data first), then fills them. */
  private async restore(draft: FormDraft): Promise<void> {
    const url = this.router.url;
    const missing = () => draft.fields.filter((f) => !this.document.getElementById(f.id));
    for (
      let waited = 0;
      waited < RESTORE_WAIT_MS && missing().length > 0;
      waited += RESTORE_STEP_MS
    ) {
      await new Promise((resolve) => setTimeout(resolve, RESTORE_STEP_MS));
      if (this.router.url !== url) return;
    }
    await this.appRef.whenStable();
    for (const saved of draft.fields) {
      const field = this.document.getElementById(saved.id);
      if (!(
        field instanceof HTMLInputElement ||
        field instanceof HTMLTextAreaElement ||
        field instanceof HTMLSelectElement
      )) {
        continue;
      }
      if (saved.checked !== undefined && field instanceof HTMLInputElement) {
        field.checked = saved.checked;
      } else {
        field.value = saved.value;
      }
      // The events the form controls listen to, so that the form's value follows.
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }
    this.restored.set(draft);
  }

  private write(draft: FormDraft): void {
    try {
      this.storage()?.setItem(DRAFT_KEY, JSON.stringify(draft));
    } catch {
      // Storage may be off (private mode, full): nothing kept; the login page then says nothing.
    }
  }

  private clear(): void {
    try {
      this.storage()?.removeItem(DRAFT_KEY);
    } catch {
      // See write.
    }
  }

  private storage(): Storage | null {
    return webStorage(this.document, 'sessionStorage');
  }
}

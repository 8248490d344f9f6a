import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { SessionStore } from '../../../core/session/session-store';
import { buttonNamed, tableRows, textOf, type } from '../../../testing/dom';
import { aSession, aSessionSummary, anErrorBody } from '../../../testing/factories';
import { setUpRouter, stubRoute } from '../../../testing/router';
import { SessionSummary } from './sessions-api';
import { SessionsPage } from './sessions-page';
import { answerConfirmation } from '../../../testing/confirmation';

const THIS = aSessionSummary({
  id: '6f1c2a4e-0000-4000-8000-00000000000a',
  current: true,
  browser: 'Firefox 133',
  system: 'Linux',
  ipAddress: '198.51.100.7',
});
const OTHER = aSessionSummary({ id: '6f1c2a4e-0000-4000-8000-00000000000b' });
const PASSWORD = 'Sakura-2025-spring';
const FIELD = '#sessions-current-password';
const INCORRECT = anErrorBody(400, 'VALIDATION_FAILED', [
  { field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' },
]);

const THIRD = aSessionSummary({
  id: '6f1c2a4e-0000-4000-8000-00000000000c',
  browser: null,
  system: null,
  ipAddress: null,
});

describe(SessionsPage.name, () => {
  let fixture: ComponentFixture<SessionsPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    setUpRouter([stubRoute('login'), stubRoute('settings/sessions')]);
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(SessionStore).set(aSession());
    await TestBed.inject(Router).navigateByUrl('/settings/sessions');
    fixture = TestBed.createComponent(SessionsPage);
    sut = fixture.nativeElement as HTMLElement;
    document.body.appendChild(sut);
  });

  afterEach(() => {
    answerConfirmation(http);
    http.verify();
    sut.remove();
  });

  async function answerList(sessions: SessionSummary[]): Promise<void> {
    http.expectOne({ method: 'GET', url: '/api/sessions' }).flush(sessions);
    await fixture.whenStable();
  }

  function rows(): string[][] {
    return tableRows(sut);
  }

  function status(): HTMLElement | null {
    return sut.querySelector<HTMLElement>('[role="status"]');
  }

  function passwordInput(): HTMLInputElement | null {
    return sut.querySelector<HTMLInputElement>(FIELD);
  }

  function summary(): HTMLElement | null {
    return sut.querySelector<HTMLElement>('.error-summary');
  }

  function summaryEntries(): string[] {
    return Array.from(sut.querySelectorAll('.error-summary li')).map((li) => textOf(li));
  }

  function fieldError(): string {
    const errorId = (passwordInput()?.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .find((ref) => ref.endsWith('-error'));
    return textOf(errorId ? sut.querySelector(`#${errorId}`) : null);
  }

  /** Opens the confirmation of the second row (the first other session). */
  async function askToEndOne(): Promise<Element> {
    const row = sut.querySelectorAll('tbody tr')[1];
    row.querySelector<HTMLButtonElement>('.data-table__actions button')?.click();
    await fixture.whenStable();
    return row;
  }

  async function askToEndOthers(): Promise<void> {
    buttonNamed(sut, '他のセッションをすべて終了').click();
    await fixture.whenStable();
  }

  /** Types the password (if any) and presses the confirmation's primary button. */
  async function confirmWith(password: string): Promise<void> {
    if (password !== '') type(sut, FIELD, password);
    sut.querySelector<HTMLButtonElement>('.confirm button[type="submit"]')?.click();
    await fixture.whenStable();
  }

  it('lists the sessions with the column headers of the screen, this browser first and marked', async () => {
    await answerList([OTHER, THIS, THIRD]);

    expect(textOf(sut.querySelector('h1'))).toBe('ログイン中のセッション');
    expect(Array.from(sut.querySelectorAll('th')).map(textOf)).toEqual([
      'ブラウザ',
      'OS',
      'IPアドレス',
      'ログイン日時',
      '最終アクセス日時',
      '操作',
    ]);
    const [first, second, third] = Array.from(sut.querySelectorAll('tbody tr'));
    expect(rows()[0][0]).toBe('Firefox 133 この端末');
    expect(first.querySelector('.badge')).not.toBeNull();
    expect(second.querySelector('.badge')).toBeNull();
    expect(third.querySelector('.badge')).toBeNull();
    expect(textOf(first.querySelectorAll('td')[2])).toContain('198.51.100.7');
    expect(rows()[2].slice(0, 3)).toEqual(['-', '-', '-']);
    expect(first.querySelectorAll('time')[0].getAttribute('datetime')).toBe(THIS.signedInAt);
  });

  it('shows dates in the browser’s time zone', async () => {
    const signedIn = new Date(2026, 10, 28, 9, 3);
    const lastActive = new Date(2026, 10, 28, 14, 5);
    await answerList([
      { ...THIS, signedInAt: signedIn.toISOString(), lastActiveAt: lastActive.toISOString() },
    ]);
    expect(Array.from(sut.querySelectorAll('time')).map(textOf)).toEqual([
      '2026/11/28 09:03',
      '2026/11/28 14:05',
    ]);
  });

  it('offers sign-out for this browser and ending for each other one', async () => {
    await answerList([THIS, OTHER, THIRD]);
    const actions = Array.from(sut.querySelectorAll('tbody tr')).map((row) =>
      textOf(row.querySelector('.data-table__actions')),
    );
    expect(actions).toEqual(['この端末からログアウト', 'ログアウトさせる', 'ログアウトさせる']);
    expect(buttonNamed(sut, '他のセッションをすべて終了')).toBeTruthy();
  });

  it('says so when no other session is signed in', async () => {
    await answerList([THIS]);
    expect(textOf(sut)).toContain('他にログイン中のセッションはありません。');
    expect(() => buttonNamed(sut, '他のセッションをすべて終了')).toThrow();
  });

  it('asks for the current password in the confirmation before ending one other session', async () => {
    await answerList([THIS, OTHER, THIRD]);
    const row = await askToEndOne();

    // The first press only asks, for the password too.
    http.expectNone({ method: 'POST' });
    const confirm = row.querySelector('.confirm');
    expect(textOf(confirm)).toContain('このセッションをログアウトさせますか?');
    expect(textOf(confirm)).toContain('続行するには現在のパスワードを入力してください。');
    expect(textOf(confirm?.querySelector(`label[for="${FIELD.slice(1)}"]`))).toBe(
      '現在のパスワード',
    );
    expect(passwordInput()?.type).toBe('password');
    expect(passwordInput()?.getAttribute('autocomplete')).toBe('current-password');
    expect(passwordInput()?.getAttribute('aria-describedby')).toBe(
      'sessions-current-password-hint',
    );
    expect(confirm?.querySelector('button[aria-controls="sessions-current-password"]')).not.toBe(
      null,
    );
    expect(document.activeElement).toBe(passwordInput());
  });

  it('ends one other session with the password, then reloads the list and says so', async () => {
    await answerList([THIS, OTHER, THIRD]);
    await askToEndOne();
    await confirmWith(PASSWORD);

    const request = http.expectOne({ method: 'POST', url: `/api/sessions/${OTHER.id}/end` });
    expect(request.request.body).toEqual({ currentPassword: PASSWORD });
    request.flush({ ended: 1 });
    await fixture.whenStable();
    await answerList([THIS, THIRD]);

    expect(textOf(status())).toBe('選択したセッションをログアウトさせました。');
    expect(document.activeElement).toBe(status());
    expect(sut.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(sut.querySelector('.confirm')).toBeNull();
  });

  it('while the password is held from a step a moment ago, asks only for the press, focused', async () => {
    answerConfirmation(http, 280);
    await answerList([THIS, OTHER]);
    const row = await askToEndOne();

    const confirm = row.querySelector('.confirm');
    expect(passwordInput()).toBeNull();
    expect(textOf(confirm)).toContain('パスワードは確認済みです。');
    expect(textOf(confirm)).not.toContain('続行するには現在のパスワードを入力してください。');
    const submit = confirm?.querySelector('button[type="submit"]');
    expect(document.activeElement).toBe(submit);

    await confirmWith('');
    const request = http.expectOne({ method: 'POST', url: `/api/sessions/${OTHER.id}/end` });
    expect(request.request.body).toEqual({ currentPassword: '' });
    request.flush({ ended: 1 });
    await fixture.whenStable();
    await answerList([THIS]);
    expect(textOf(status())).toBe('選択したセッションをログアウトさせました。');
  });

  it('leaves the session alone when the confirmation is cancelled', async () => {
    await answerList([THIS, OTHER]);
    buttonNamed(sut, 'ログアウトさせる').click();
    await fixture.whenStable();
    type(sut, FIELD, PASSWORD);
    buttonNamed(sut, 'キャンセル').click();
    await fixture.whenStable();

    http.expectNone({ method: 'POST' });
    expect(sut.querySelector('.confirm')).toBeNull();
    expect(buttonNamed(sut, 'ログアウトさせる')).toBeTruthy();

    // Asking again starts from an empty password.
    buttonNamed(sut, 'ログアウトさせる').click();
    await fixture.whenStable();
    expect(passwordInput()?.value).toBe('');
  });

  it.each([
    [2, '他のセッションを2件終了しました。'],
    [1, '他のセッションを1件終了しました。'],
    [0, '終了する他のセッションはありませんでした。'],
  ])(
    'ends every other session with the password (%i ended), then reloads and says so',
    async (ended, message) => {
      await answerList([THIS, OTHER, THIRD]);
      await askToEndOthers();
      http.expectNone({ method: 'POST', url: '/api/sessions/end-others' });
      const confirm = sut.querySelector('.section-actions .confirm');
      expect(textOf(confirm)).toContain('この端末以外のすべてのセッションをログアウトさせますか?');
      expect(textOf(confirm)).toContain('続行するには現在のパスワードを入力してください。');
      expect(document.activeElement).toBe(passwordInput());

      await confirmWith(PASSWORD);
      const request = http.expectOne({ method: 'POST', url: '/api/sessions/end-others' });
      expect(request.request.body).toEqual({ currentPassword: PASSWORD });
      request.flush({ ended });
      await fixture.whenStable();
      await answerList([THIS]);

      expect(textOf(status())).toBe(message);
      expect(rows()).toHaveLength(1);
      expect(textOf(sut)).toContain('他にログイン中のセッションはありません。');
    },
  );

  it.each([
    ['one session', askToEndOne],
    ['every other session', askToEndOthers],
  ])(
    'catches an empty password for %s at the field and in the summary, without a request',
    async (_, ask) => {
      await answerList([THIS, OTHER]);
      await ask();
      await confirmWith('');

      http.expectNone({ method: 'POST' });
      expect(summaryEntries()).toEqual(['現在のパスワードを入力してください。']);
      expect(textOf(summary()?.querySelector('h2'))).toBe('エラーがあります');
      expect(document.activeElement).toBe(summary());
      expect(passwordInput()?.getAttribute('aria-invalid')).toBe('true');
      expect(fieldError()).toBe('エラー: 現在のパスワードを入力してください。');
      expect(sut.querySelector('.confirm')).not.toBeNull();
    },
  );

  it('shows a wrong password at the field and in the summary, keeps the confirmation open and reloads nothing', async () => {
    await answerList([THIS, OTHER, THIRD]);
    const row = await askToEndOne();
    await confirmWith('Not-the-password-1');

    const request = http.expectOne({ method: 'POST', url: `/api/sessions/${OTHER.id}/end` });
    expect(request.request.body).toEqual({ currentPassword: 'Not-the-password-1' });
    request.flush(INCORRECT, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();

    http.expectNone({ method: 'GET', url: '/api/sessions' });
    expect(summaryEntries()).toEqual(['現在のパスワードが正しくありません。']);
    expect(document.activeElement).toBe(summary());
    expect(fieldError()).toBe('エラー: 現在のパスワードが正しくありません。');
    expect(passwordInput()?.getAttribute('aria-invalid')).toBe('true');
    expect(passwordInput()?.getAttribute('aria-describedby')).toBe(
      'sessions-current-password-hint sessions-current-password-error',
    );
    expect(row.querySelector('.confirm')).not.toBeNull();
    expect(status()).toBeNull();
    expect(sut.querySelector('.notice')).toBeNull();
    expect(sut.querySelectorAll('tbody tr')).toHaveLength(3);

    // The summary leads back to the field.
    sut.querySelector<HTMLAnchorElement>('.error-summary a')?.click();
    expect(document.activeElement).toBe(passwordInput());

    // The right password then ends it, and the errors go.
    await confirmWith(PASSWORD);
    http.expectOne({ method: 'POST', url: `/api/sessions/${OTHER.id}/end` }).flush({ ended: 1 });
    await fixture.whenStable();
    await answerList([THIS, THIRD]);
    expect(textOf(status())).toBe('選択したセッションをログアウトさせました。');
    expect(summary()).toBeNull();
  });

  it('keeps every other session when the password is refused, with the server’s words for an unknown code', async () => {
    await answerList([THIS, OTHER, THIRD]);
    await askToEndOthers();
    await confirmWith('x'.repeat(1025));
    http.expectOne({ method: 'POST', url: '/api/sessions/end-others' }).flush(
      anErrorBody(400, 'VALIDATION_FAILED', [
        {
          field: 'currentPassword',
          code: 'MAX_LENGTH',
          message: '1024文字以内で入力してください。',
        },
      ]),
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    http.expectNone({ method: 'GET', url: '/api/sessions' });
    expect(summaryEntries()).toEqual(['1024文字以内で入力してください。']);
    expect(fieldError()).toBe('エラー: 1024文字以内で入力してください。');
    expect(sut.querySelector('.section-actions .confirm')).not.toBeNull();
    expect(rows()).toHaveLength(3);
  });

  it('starts a confirmation for another session without the last one’s password or errors', async () => {
    await answerList([THIS, OTHER, THIRD]);
    await askToEndOne();
    await confirmWith('');
    expect(summaryEntries()).toHaveLength(1);
    type(sut, FIELD, PASSWORD);

    const third = sut.querySelectorAll('tbody tr')[2];
    third.querySelector<HTMLButtonElement>('.data-table__actions button')?.click();
    await fixture.whenStable();

    expect(sut.querySelectorAll('.confirm')).toHaveLength(1);
    expect(third.querySelector('.confirm')).not.toBeNull();
    expect(passwordInput()?.value).toBe('');
    expect(summary()).toBeNull();
    expect(document.activeElement).toBe(passwordInput());
  });

  it('treats a session that is already gone as ended', async () => {
    await answerList([THIS, OTHER]);
    buttonNamed(sut, 'ログアウトさせる').click();
    await fixture.whenStable();
    await confirmWith(PASSWORD);
    http
      .expectOne({ method: 'POST', url: `/api/sessions/${OTHER.id}/end` })
      .flush(anErrorBody(404, 'NOT_FOUND'), { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    await answerList([THIS]);

    expect(textOf(status())).toBe('そのセッションはすでに終了していました。');
  });

  it('reports a failure without pretending it worked', async () => {
    await answerList([THIS, OTHER]);
    await askToEndOthers();
    await confirmWith(PASSWORD);
    http
      .expectOne('/api/sessions/end-others')
      .flush(anErrorBody(500, 'INTERNAL'), { status: 500, statusText: 'Error' });
    await fixture.whenStable();

    expect(status()).toBeNull();
    expect(summary()).toBeNull();
    expect(textOf(sut.querySelector('[role="alert"]'))).toBe(
      'セッションを終了できませんでした。しばらくしてから再度お試しください。',
    );
    http.expectNone('/api/sessions');
  });

  it('signs out when this browser’s session is ended', async () => {
    await answerList([THIS, OTHER]);
    buttonNamed(sut, 'この端末からログアウト').click();
    // No password: this is signing out, not ending someone else's session.
    expect(sut.querySelector('.confirm')).toBeNull();
    http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush({ signedOut: true });
    await fixture.whenStable();

    expect(TestBed.inject(SessionStore).signedIn()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('says when the list cannot be read', async () => {
    http
      .expectOne('/api/sessions')
      .flush(anErrorBody(500, 'INTERNAL'), { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    expect(textOf(sut.querySelector('[role="alert"]'))).toBe(
      'セッションの一覧を読み込めませんでした。しばらくしてから再度お試しください。',
    );
  });
});

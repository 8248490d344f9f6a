import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { SessionStore } from '../../../core/session/session-store';
import { buttonNamed, tableRows, textOf } from '../../../testing/dom';
import { aSession, aSessionSummary, anErrorBody } from '../../../testing/factories';
import { setUpRouter, stubRoute } from '../../../testing/router';
import { SessionSummary } from './sessions-api';
import { SessionsPage } from './sessions-page';

const THIS = aSessionSummary({
  id: '6f1c2a4e-0000-4000-8000-00000000000a',
  current: true,
  browser: 'Firefox 133',
  system: 'Linux',
  ipAddress: '198.51.100.7',
});
const OTHER = aSessionSummary({ id: '6f1c2a4e-0000-4000-8000-00000000000b' });
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

  it('ends one other session after a confirmation, then reloads the list and says so', async () => {
    await answerList([THIS, OTHER, THIRD]);
    const row = sut.querySelectorAll('tbody tr')[1];
    row.querySelector<HTMLButtonElement>('.data-table__actions button')?.click();
    await fixture.whenStable();

    // The first press only asks.
    http.expectNone({ method: 'DELETE' });
    expect(textOf(row.querySelector('.confirm'))).toContain(
      'このセッションをログアウトさせますか?',
    );
    const confirm = row.querySelector<HTMLButtonElement>('.confirm .button--primary');
    expect(document.activeElement).toBe(confirm);
    confirm?.click();

    http.expectOne({ method: 'DELETE', url: `/api/sessions/${OTHER.id}` }).flush({ ended: 1 });
    await fixture.whenStable();
    await answerList([THIS, THIRD]);

    expect(textOf(status())).toBe('選択したセッションをログアウトさせました。');
    expect(document.activeElement).toBe(status());
    expect(sut.querySelectorAll('tbody tr')).toHaveLength(2);
  });

  it('leaves the session alone when the confirmation is cancelled', async () => {
    await answerList([THIS, OTHER]);
    buttonNamed(sut, 'ログアウトさせる').click();
    await fixture.whenStable();
    buttonNamed(sut, 'キャンセル').click();
    await fixture.whenStable();

    http.expectNone({ method: 'DELETE' });
    expect(sut.querySelector('.confirm')).toBeNull();
    expect(buttonNamed(sut, 'ログアウトさせる')).toBeTruthy();
  });

  it.each([
    [2, '他のセッションを2件終了しました。'],
    [1, '他のセッションを1件終了しました。'],
    [0, '終了する他のセッションはありませんでした。'],
  ])(
    'ends every other session after a confirmation (%i ended), then reloads and says so',
    async (ended, message) => {
      await answerList([THIS, OTHER, THIRD]);
      buttonNamed(sut, '他のセッションをすべて終了').click();
      await fixture.whenStable();
      http.expectNone({ method: 'POST', url: '/api/sessions/end-others' });
      expect(textOf(sut.querySelector('.section-actions .confirm'))).toContain(
        'この端末以外のすべてのセッションをログアウトさせますか?',
      );

      buttonNamed(sut, '他のセッションをすべて終了').click();
      http.expectOne({ method: 'POST', url: '/api/sessions/end-others' }).flush({ ended });
      await fixture.whenStable();
      await answerList([THIS]);

      expect(textOf(status())).toBe(message);
      expect(rows()).toHaveLength(1);
      expect(textOf(sut)).toContain('他にログイン中のセッションはありません。');
    },
  );

  it('treats a session that is already gone as ended', async () => {
    await answerList([THIS, OTHER]);
    buttonNamed(sut, 'ログアウトさせる').click();
    await fixture.whenStable();
    buttonNamed(sut, 'ログアウトさせる').click();
    http
      .expectOne({ method: 'DELETE', url: `/api/sessions/${OTHER.id}` })
      .flush(anErrorBody(404, 'NOT_FOUND'), { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    await answerList([THIS]);

    expect(textOf(status())).toBe('そのセッションはすでに終了していました。');
  });

  it('reports a failure without pretending it worked', async () => {
    await answerList([THIS, OTHER]);
    buttonNamed(sut, '他のセッションをすべて終了').click();
    await fixture.whenStable();
    buttonNamed(sut, '他のセッションをすべて終了').click();
    http
      .expectOne('/api/sessions/end-others')
      .flush(anErrorBody(500, 'INTERNAL'), { status: 500, statusText: 'Error' });
    await fixture.whenStable();

    expect(status()).toBeNull();
    expect(textOf(sut.querySelector('[role="alert"]'))).toBe(
      'セッションを終了できませんでした。しばらくしてから再度お試しください。',
    );
    http.expectNone('/api/sessions');
  });

  it('signs out when this browser’s session is ended', async () => {
    await answerList([THIS, OTHER]);
    buttonNamed(sut, 'この端末からログアウト').click();
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

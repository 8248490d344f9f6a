import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { buttonNamed, tableRows, textOf, type } from '../../testing/dom';
import { setUpRouter } from '../../testing/router';
import { SecurityLogEvent, SecurityLogResults as Page } from './admin-api';
import { SecurityLogPage, securityLogActor, securityLogDetail } from './security-log-page';

function anEvent(overrides: Partial<SecurityLogEvent> = {}): SecurityLogEvent {
  return {
    id: '1',
    occurredAt: '2026-11-28T05:40:00.000Z',
    kind: 'sign_in.failed',
    actorKind: 'user',
    actorUsername: 'tanaka',
    targetUsername: 'tanaka',
    ipAddress: '203.0.113.7',
    userAgent: null,
    device: null,
    detail: { reason: 'wrong_password' },
    ...overrides,
  };
}

describe(SecurityLogPage.name, () => {
  let fixture: ComponentFixture<SecurityLogPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    setUpRouter([]);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SecurityLogPage);
    sut = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function answer(page: Partial<Page>): Promise<URLSearchParams> {
    const req = http.expectOne((r) => r.url === '/api/admin/audit');
    const params = new URLSearchParams(req.request.params.toString());
    req.flush({ items: [], total: 0, page: 1, pageSize: 50, ...page });
    await fixture.whenStable();
    return params;
  }

  it('shows 日時, 種類, 操作者, 対象, IPアドレス and 詳細 with localized kinds', async () => {
    await answer({
      items: [
        anEvent({
          id: '3',
          kind: 'account.unlocked',
          actorKind: 'admin',
          actorUsername: 'sato',
          ipAddress: null,
          detail: { wasLocked: true, sessionsEnded: 0 },
        }),
        anEvent({
          id: '2',
          kind: 'account.locked',
          actorKind: 'system',
          actorUsername: null,
          detail: { failures: 10 },
        }),
        anEvent(),
      ],
      total: 3,
    });

    const headers = Array.from(sut.querySelectorAll('thead th')).map((th) => textOf(th));
    expect(headers).toEqual(['日時', '種類', '操作者', '対象', 'IPアドレス', '詳細']);
    const rows = tableRows(sut).map((row) => row.slice(1));
    expect(rows).toEqual([
      ['アカウントのロック解除', 'sato', 'tanaka', '-', '-'],
      ['アカウントの一時ロック', 'システム', 'tanaka', '203.0.113.7', '10 回失敗'],
      ['ログイン失敗 (パスワード誤り)', 'tanaka', 'tanaka', '203.0.113.7', '-'],
    ]);
    expect(sut.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-28T05:40:00.000Z');
    expect(textOf(sut.querySelector('.table-count'))).toBe('3 件中 1–3 件を表示');
  });

  it('asks the server for the filters, from page 1, and pages on the server', async () => {
    await answer({ items: [anEvent()], total: 120 });
    const kind = sut.querySelector<HTMLSelectElement>('#log-kind')!;
    kind.value = 'sign_in';
    kind.dispatchEvent(new Event('change'));
    type(sut, '#log-username', ' tanaka ');
    type(sut, '#log-from', '2026-11-01');
    type(sut, '#log-to', '2026-11-30');
    buttonNamed(sut, '表示').click();
    await fixture.whenStable();

    const params = await answer({ items: [anEvent()], total: 120 });
    expect(Object.fromEntries(params)).toEqual({
      kind: 'sign_in',
      username: 'tanaka',
      from: '2026-11-01',
      to: '2026-11-30',
      page: '1',
      pageSize: '50',
    });

    buttonNamed(sut, '次へ').click();
    await fixture.whenStable();
    const next = await answer({ items: [anEvent()], total: 120, page: 2 });
    expect(next.get('page')).toBe('2');
    expect(next.get('kind')).toBe('sign_in');
    expect(textOf(sut.querySelector('.pager'))).toContain('2 / 3 ページ');
  });

  it('says so when nothing matches, and when the log cannot be read', async () => {
    await answer({ items: [], total: 0 });
    expect(textOf(sut.querySelector('.table-count'))).toBe('該当する記録はありません。');
    buttonNamed(sut, '表示').click();
    await fixture.whenStable();
    http.expectOne('/api/admin/audit?page=1&pageSize=50').flush(null, {
      status: 500,
      statusText: 'Server Error',
    });
    await fixture.whenStable();
    expect(textOf(sut.querySelector('[role="alert"]'))).toContain('読み込めませんでした');
  });

  it('links to the account list and marks itself as the current page', () => {
    const links = Array.from(sut.querySelectorAll('nav.admin-nav a')).map((a) => [
      textOf(a),
      a.getAttribute('href'),
    ]);
    expect(links).toEqual([
      ['アカウント一覧', '/admin'],
      ['セキュリティログ', '/admin/audit'],
      ['アプリケーション', '/admin/apps'],
    ]);
    http
      .expectOne((r) => r.url === '/api/admin/audit')
      .flush({
        items: [],
        total: 0,
        page: 1,
        pageSize: 50,
      });
  });
});

describe('securityLogDetail and securityLogActor', () => {
  it.each([
    [{ kind: 'account.locked', detail: { failures: 10 } }, '10 回失敗'],
    [
      { kind: 'account.role_changed', detail: { from: 'user', to: 'admin', sessionsEnded: 0 } },
      '一般ユーザ → アカウント管理者',
    ],
    [
      { kind: 'account.expiry_changed', detail: { from: null, to: '2027-03-31' } },
      '- → 2027/03/31',
    ],
    [{ kind: 'account.bulk_issued', detail: { count: 60, admins: 2, users: 58 } }, '60 件'],
    [{ kind: 'account.disabled', detail: { sessionsEnded: 2 } }, 'セッション 2 件を終了'],
    [{ kind: 'sign_in.failed', detail: { reason: 'wrong_password' } }, '-'],
    [{ kind: 'account.created', detail: { to: { nested: true } } }, '-'],
  ])('describes %j as 「%s」', (overrides, text) => {
    expect(securityLogDetail(anEvent(overrides))).toBe(text);
  });

  it('names the system and the operator when no account acted', () => {
    expect(securityLogActor(anEvent({ actorKind: 'system', actorUsername: null }))).toBe(
      'システム',
    );
    expect(securityLogActor(anEvent({ actorKind: 'operator', actorUsername: null }))).toBe(
      '運用者',
    );
    expect(securityLogActor(anEvent({ actorKind: 'admin', actorUsername: 'sato' }))).toBe('sato');
  });
});

import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { buttonNamed, tableRows, textOf, type } from '../../testing/dom';
import { setUpRouter } from '../../testing/router';
import { Account, AccountPage } from './admin-api';
import { AccountListPage } from './account-list-page';

function anAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: '00000000-0000-4000-8000-00000000000a',
    username: 'tanaka',
    role: 'user',
    state: 'active',
    expiresOn: null,
    effectiveExpiresOn: '2027-03-31',
    mfaEnabled: false,
    passkeyCount: 0,
    lastSignInAt: null,
    createdAt: '2026-11-28T00:00:00.000Z',
    ...overrides,
  };
}

describe(AccountListPage.name, () => {
  let fixture: ComponentFixture<AccountListPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    setUpRouter([]);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AccountListPage);
    sut = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function answer(page: Partial<AccountPage>): Promise<URLSearchParams> {
    const req = http.expectOne((r) => r.url === '/api/admin/accounts');
    const params = new URLSearchParams(req.request.params.toString());
    req.flush({ items: [], total: 0, page: 1, pageSize: 50, ...page });
    await fixture.whenStable();
    return params;
  }

  it('shows the columns of the manual’s account list, one row per account', async () => {
    await answer({
      items: [
        anAccount(),
        anAccount({
          id: '00000000-0000-4000-8000-00000000000b',
          username: 'sato',
          role: 'admin',
          state: 'password_change_pending',
          effectiveExpiresOn: null,
          mfaEnabled: true,
          passkeyCount: 2,
        }),
      ],
      total: 2,
    });

    const headers = Array.from(sut.querySelectorAll('thead th')).map((th) => textOf(th));
    expect(headers).toEqual([
      'ユーザ名',
      '権限',
      '状態',
      '有効期限',
      '多要素認証',
      'パスキー',
      '最終ログイン',
    ]);
    const rows = Array.from(sut.querySelectorAll('tbody tr')).map((tr) =>
      Array.from(tr.children).map((cell) => textOf(cell)),
    );
    expect(rows).toEqual([
      ['tanaka', '一般ユーザ', '利用中', '2027/03/31', '無効', '0', '-'],
      ['sato', 'アカウント管理者', '仮パスワード (未変更)', '-', '有効', '2', '-'],
    ]);
    expect(textOf(sut.querySelector('.table-count'))).toBe('2 件中 1–2 件を表示');
  });

  it('shows a locked account as ロック中 and offers the locked state as a filter', async () => {
    await answer({ items: [anAccount({ state: 'locked' })], total: 1 });
    // tableRows gives the cells after the username (a row header).
    expect(tableRows(sut)[0][1]).toBe('ロック中');
    const state = sut.querySelector<HTMLSelectElement>('#filter-state')!;
    expect(Array.from(state.options).map((o) => o.value)).toContain('locked');
    state.value = 'locked';
    state.dispatchEvent(new Event('change'));
    buttonNamed(sut, '表示').click();
    await fixture.whenStable();
    const params = await answer({ total: 0 });
    expect(params.get('state')).toBe('locked');
  });

  it('asks the server for the search, the filters and the sort, from page 1', async () => {
    await answer({ total: 120 });
    type(sut, '#filter-q', ' tana ');
    const role = sut.querySelector<HTMLSelectElement>('#filter-role')!;
    role.value = 'admin';
    role.dispatchEvent(new Event('change'));
    const sort = sut.querySelector<HTMLSelectElement>('#filter-sort')!;
    sort.value = 'last-sign-in';
    sort.dispatchEvent(new Event('change'));
    buttonNamed(sut, '表示').click();
    await fixture.whenStable();

    const params = await answer({ total: 0 });

    expect(Object.fromEntries(params)).toEqual({
      q: 'tana',
      role: 'admin',
      sort: 'lastSignInAt',
      order: 'desc',
      page: '1',
      pageSize: '50',
    });
  });

  it('pages on the server', async () => {
    await answer({ items: [anAccount()], total: 120 });
    buttonNamed(sut, '次へ').click();
    await fixture.whenStable();
    const params = await answer({ items: [anAccount()], total: 120, page: 2 });
    expect(params.get('page')).toBe('2');
    expect(textOf(sut.querySelector('.pager'))).toContain('2 / 3 ページ');
  });
});

import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { tableRows, textOf } from '../../../testing/dom';
import { anActivityEvent, anErrorBody } from '../../../testing/factories';
import { setUpRouter } from '../../../testing/router';
import { ActivityEvent } from './activity-api';
import { ActivityPage } from './activity-page';

describe(ActivityPage.name, () => {
  let fixture: ComponentFixture<ActivityPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  beforeEach(() => {
    setUpRouter([]);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ActivityPage);
    sut = fixture.nativeElement as HTMLElement;
  });

  afterEach(() => http.verify());

  async function answer(events: ActivityEvent[]): Promise<void> {
    http.expectOne({ method: 'GET', url: '/api/activity' }).flush(events);
    await fixture.whenStable();
  }

  function rows(): string[][] {
    return tableRows(sut);
  }

  it('explains what to do about an event the user does not recognise', async () => {
    await answer([]);
    expect(textOf(sut.querySelector('h1'))).toBe('最近のアクティビティ');
    expect(textOf(sut)).toContain(
      '心当たりのないログインや変更がある場合は、パスワードを変更し、アカウント管理者に連絡してください。',
    );
    expect(textOf(sut)).toContain('記録はまだありません。');
  });

  it('shows each event in the order the server gives, with its time, label, address and browser', async () => {
    const at = new Date(2026, 10, 28, 14, 5);
    await answer([
      anActivityEvent({ occurredAt: at.toISOString() }),
      anActivityEvent({
        occurredAt: new Date(2026, 10, 28, 9, 0).toISOString(),
        kind: 'sign_in.failed',
        detail: { reason: 'wrong_password' },
        ipAddress: null,
        userAgent: null,
        device: null,
      }),
    ]);

    expect(Array.from(sut.querySelectorAll('th')).map(textOf)).toEqual([
      '日時',
      '内容',
      'IPアドレス',
      'ブラウザ',
    ]);
    expect(rows()).toEqual([
      ['2026/11/28 14:05', 'ログイン', '203.0.113.10', 'Chrome 131 (Windows)'],
      ['2026/11/28 09:00', 'ログイン失敗 (パスワード誤り)', '-', '-'],
    ]);
    expect(sut.querySelector('time')?.getAttribute('datetime')).toBe(at.toISOString());
  });

  it('says who acted when it was an administrator or the operator', async () => {
    await answer([
      anActivityEvent({
        kind: 'account.temporary_password_reissued',
        actorKind: 'admin',
        actorUsername: 'sato-admin',
      }),
      anActivityEvent({ kind: 'account.created', actorKind: 'operator' }),
    ]);
    expect(rows().map((row) => row[1])).toEqual([
      '仮パスワード再発行 アカウント管理者 (sato-admin) による',
      'アカウント発行 運用者による',
    ]);
  });

  it('keeps the whole User-Agent at hand, shortening one the server did not recognise', async () => {
    const unknown = `SomeAgent/1.0 ${'x'.repeat(60)}`;
    await answer([anActivityEvent({ userAgent: unknown, device: null }), anActivityEvent()]);
    const [first, second] = Array.from(sut.querySelectorAll('tbody tr td:last-child [title]'));
    expect(first.getAttribute('title')).toBe(unknown);
    expect(textOf(first)).toBe(`${unknown.slice(0, 40)}…`);
    expect(second.getAttribute('title')).toContain('Chrome/131');
  });

  it('lists a kind it does not know yet instead of failing', async () => {
    await answer([anActivityEvent({ kind: 'webauthn.added', detail: { anything: [1, 2] } })]);
    expect(rows()[0][1]).toBe('その他のセキュリティ操作 (webauthn.added)');
  });

  it('says when the activity cannot be read', async () => {
    http
      .expectOne('/api/activity')
      .flush(anErrorBody(500, 'INTERNAL'), { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    expect(textOf(sut.querySelector('[role="alert"]'))).toBe(
      'アクティビティを読み込めませんでした。しばらくしてから再度お試しください。',
    );
  });
});

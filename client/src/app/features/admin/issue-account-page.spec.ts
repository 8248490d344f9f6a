import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { buttonNamed, textOf, type } from '../../testing/dom';
import { anErrorBody } from '../../testing/factories';
import { setUpRouter } from '../../testing/router';
import { IssueAccountPage } from './issue-account-page';

describe(IssueAccountPage.name, () => {
  let fixture: ComponentFixture<IssueAccountPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    setUpRouter([]);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IssueAccountPage);
    sut = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/admin/contract').flush({
      name: 'Acme',
      plan: 'ココナワーク',
      serviceStartsOn: '2026-04-01',
      serviceEndsOn: '2027-03-31',
    });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('says how far the expiry may go: the contract’s end', () => {
    expect(textOf(sut)).toContain(
      '契約のサービス終了日 (2027/03/31) より後の日付は指定できません。',
    );
  });

  it('asks for a username before calling the server', async () => {
    buttonNamed(sut, '発行する').click();
    await fixture.whenStable();
    expect(textOf(sut.querySelector('[role="alert"]'))).toContain('ユーザ名を入力してください。');
  });

  it('sends no password and shows the generated temporary password once the server answers', async () => {
    type(sut, '#issue-username', 'tanaka');
    buttonNamed(sut, '発行する').click();
    await fixture.whenStable();

    const req = http.expectOne({ method: 'POST', url: '/api/admin/accounts' });
    expect(req.request.body).toEqual({ username: 'tanaka', role: 'user', expiresOn: null });
    req.flush({
      id: 'x',
      username: 'tanaka',
      role: 'user',
      temporaryPassword: 'Abc#2345defGHJK!',
      expiresOn: null,
    });
    await fixture.whenStable();
    http.expectOne('/api/config').flush({
      productName: 'Tobira',
      supportUrl: 'https://support.example.com/',
      supportUrlMfa: 'https://support.example.com/',
      supportUrlPassword: 'https://support.example.com/',
      temporaryPasswordDays: 7,
      sessionIdleMinutes: 30,
    });
    await fixture.whenStable();

    expect(textOf(sut.querySelector('#temporary-password'))).toBe('Abc#2345defGHJK!');
    expect(textOf(sut.querySelector('[data-testid="temporary-password-validity"]'))).toContain(
      '発行から 7 日間有効です',
    );
    expect(sut.querySelector('form')).toBeNull();
  });

  it('asks before a second issue hides a temporary password that was not copied', async () => {
    type(sut, '#issue-username', 'tanaka');
    buttonNamed(sut, '発行する').click();
    await fixture.whenStable();
    http.expectOne({ method: 'POST', url: '/api/admin/accounts' }).flush({
      id: 'x',
      username: 'tanaka',
      role: 'user',
      temporaryPassword: 'Abc#2345defGHJK!',
      expiresOn: null,
    });
    await fixture.whenStable();
    http.expectOne('/api/config').error(new ProgressEvent('error'));
    await fixture.whenStable();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    try {
      buttonNamed(sut, '続けて発行する').click();
      await fixture.whenStable();
      expect(confirm).toHaveBeenCalledTimes(1);
      expect(sut.querySelector('#temporary-password')).not.toBeNull();
    } finally {
      confirm.mockRestore();
    }
  });

  it('shows the server’s field problems at the field and in the summary', async () => {
    type(sut, '#issue-username', 'taken');
    buttonNamed(sut, '発行する').click();
    await fixture.whenStable();
    http
      .expectOne({ method: 'POST', url: '/api/admin/accounts' })
      .flush(
        anErrorBody(400, 'VALIDATION_FAILED', [{ field: 'username', code: 'USERNAME_TAKEN' }]),
        {
          status: 400,
          statusText: 'Bad Request',
        },
      );
    await fixture.whenStable();

    expect(textOf(sut.querySelector('[role="alert"] li'))).toBe('server:username:USERNAME_TAKEN');
    expect(sut.querySelector('#issue-username')?.getAttribute('aria-invalid')).toBe('true');
  });
});

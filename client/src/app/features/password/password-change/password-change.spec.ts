import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Session } from '../../../core/session/session';
import { SessionStore } from '../../../core/session/session-store';
import { buttonNamed, textOf, type } from '../../../testing/dom';
import { aManualPolicy, aSession, anErrorBody } from '../../../testing/factories';
import { PasswordChange } from './password-change';

describe(PasswordChange.name, () => {
  let fixture: ComponentFixture<PasswordChange>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withXhr()), provideHttpClientTesting()],
    });
    TestBed.inject(SessionStore).set(aSession({ passwordChangeRequired: true }));
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PasswordChange);
    sut = fixture.nativeElement as HTMLElement;
    http.expectOne({ method: 'GET', url: '/api/password-policy' }).flush(aManualPolicy());
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function fill(current: string, next: string, confirmation: string): Promise<void> {
    type(sut, '#current-password', current);
    type(sut, '#new-password', next);
    type(sut, '#new-password-confirmation', confirmation);
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    buttonNamed(sut, '変更').click();
    await fixture.whenStable();
  }

  function summaryEntries(): string[] {
    return Array.from(sut.querySelectorAll('[role="alert"] li')).map((li) => textOf(li));
  }

  function fieldError(id: string): string {
    const input = sut.querySelector(`#${id}`);
    const describedBy = input?.getAttribute('aria-describedby') ?? '';
    const errorId = describedBy.split(' ').find((ref) => ref.endsWith('-error'));
    return textOf(errorId ? sut.querySelector(`#${errorId}`) : null);
  }

  it('shows the username and the served policy text', () => {
    expect(textOf(sut.querySelector('.readonly-field dt'))).toBe('ユーザ名');
    expect(textOf(sut.querySelector('.readonly-field dd'))).toBe('yamada');
    expect(textOf(sut.querySelector('.policy-summary'))).toBe(aManualPolicy().summary);
  });

  it('answers an empty submit with the summary and field messages, without calling the server', async () => {
    await submit();

    expect(summaryEntries()).toEqual([
      '現在のパスワードを入力してください。',
      '新しいパスワードを入力してください。',
      '確認のため、新しいパスワードをもう一度入力してください。',
    ]);
    expect(document.activeElement).toBe(sut.querySelector('[role="alert"]'));
    expect(sut.querySelector('#current-password')?.getAttribute('aria-invalid')).toBe('true');
    expect(fieldError('current-password')).toBe('エラー: 現在のパスワードを入力してください。');
    http.expectNone({ method: 'POST', url: '/api/auth/password' });
  });

  it('stops a new password that breaks the policy or the confirmation before the server', async () => {
    await fill('Temp#Pass01', 'Temp#Pass01', 'Temp#Pass02');
    await submit();

    expect(summaryEntries()).toEqual([
      '新しいパスワードは現在のパスワードと異なるものにしてください。',
      '新しいパスワード (確認) が新しいパスワードと一致しません。',
    ]);
    http.expectNone({ method: 'POST', url: '/api/auth/password' });
  });

  it('hides a shown password again when the form is submitted', async () => {
    const toggle = sut.querySelector<HTMLButtonElement>('button[aria-controls="new-password"]');
    toggle?.click();
    await fixture.whenStable();
    expect(sut.querySelector<HTMLInputElement>('#new-password')?.type).toBe('text');

    await submit();
    expect(sut.querySelector<HTMLInputElement>('#new-password')?.type).toBe('password');
  });

  it('links each summary entry to its field', async () => {
    await submit();
    const link = sut.querySelector<HTMLAnchorElement>('[role="alert"] a');
    link?.click();
    expect(link?.getAttribute('href')).toBe('#current-password');
    expect(document.activeElement?.id).toBe('current-password');
  });

  it("maps the server's 400 errors to the summary and the fields", async () => {
    await fill('wrong', 'Sakura-2025-spring', 'Sakura-2025-spring');
    await submit();
    http.expectOne({ method: 'POST', url: '/api/auth/password' }).flush(
      anErrorBody(400, 'VALIDATION_FAILED', [
        { field: 'newPassword', code: 'NOT_COMMON' },
        { field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' },
        { field: 'newPassword', code: 'FUTURE_RULE', message: 'サーバの説明' },
      ]),
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    expect(summaryEntries()).toEqual([
      '現在のパスワードが正しくありません。',
      'よく使われているパスワードは使えません。推測されにくいパスワードにしてください。',
      'サーバの説明',
    ]);
    expect(fieldError('current-password')).toBe('エラー: 現在のパスワードが正しくありません。');
    expect(fieldError('new-password')).toContain('よく使われているパスワードは使えません。');
    expect(fieldError('new-password')).toContain('サーバの説明');
    const notCommon = Array.from(sut.querySelectorAll('.checklist__item')).find((item) =>
      textOf(item).includes('よく使われるパスワードではない'),
    );
    expect(notCommon?.getAttribute('data-state')).toBe('unmet');
  });

  it('sends the three fields, updates the session and clears the form', async () => {
    const changed: Session[] = [];
    fixture.componentInstance.changed.subscribe((session) => changed.push(session));
    await fill('Temp#Pass01', 'Sakura-2025-spring', 'Sakura-2025-spring');
    await submit();

    const request = http.expectOne({ method: 'POST', url: '/api/auth/password' });
    expect(request.request.body).toEqual({
      currentPassword: 'Temp#Pass01',
      newPassword: 'Sakura-2025-spring',
      newPasswordConfirmation: 'Sakura-2025-spring',
    });
    request.flush(aSession({ passwordChangeRequired: false }));
    await fixture.whenStable();

    expect(TestBed.inject(SessionStore).passwordChangeRequired()).toBe(false);
    expect(changed).toEqual([aSession({ passwordChangeRequired: false })]);
    expect(sut.querySelector<HTMLInputElement>('#new-password')?.value).toBe('');
    expect(summaryEntries()).toEqual([]);
  });

  it('says when the server could not be reached', async () => {
    await fill('Temp#Pass01', 'Sakura-2025-spring', 'Sakura-2025-spring');
    await submit();
    http.expectOne('/api/auth/password').error(new ProgressEvent('error'));
    await fixture.whenStable();
    expect(summaryEntries()).toEqual([
      'パスワードを変更できませんでした。しばらくしてから再度お試しください。',
    ]);
  });
});

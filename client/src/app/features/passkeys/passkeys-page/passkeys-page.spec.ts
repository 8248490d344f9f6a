import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { buttonNamed, tableRows, textOf, type } from '../../../testing/dom';
import { anErrorBody } from '../../../testing/factories';
import { setUpRouter, stubRoute } from '../../../testing/router';
import { Passkey } from '../passkeys-api';
import { PasskeysPage } from './passkeys-page';
import { answerConfirmation } from '../../../testing/confirmation';

const KEY: Passkey = {
  id: '6f1c2a4e-0000-4000-8000-0000000000aa',
  name: 'ノートPC',
  createdAt: '2026-11-28T01:00:00.000Z',
  lastUsedAt: null,
  backedUp: true,
};
const PASSWORD = 'Sakura-2025-spring';

describe(PasskeysPage.name, () => {
  let fixture: ComponentFixture<PasskeysPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    setUpRouter([stubRoute('settings')]);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PasskeysPage);
    sut = fixture.nativeElement as HTMLElement;
    document.body.appendChild(sut);
    await answerList([KEY]);
  });

  afterEach(() => {
    answerConfirmation(http);
    http.verify();
    sut.remove();
  });

  async function answerList(passkeys: Passkey[]): Promise<void> {
    http.expectOne({ method: 'GET', url: '/api/passkeys' }).flush(passkeys);
    await fixture.whenStable();
  }

  function summary(): string[] {
    return Array.from(sut.querySelectorAll('[role="alert"] li')).map((li) => textOf(li));
  }

  it('lists each passkey with its name, creation and last use', () => {
    expect(textOf(sut.querySelector('h1'))).toBe('パスキー');
    const [row] = tableRows(sut);
    expect(row[0]).toBe('ノートPC');
    expect(row[1]).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d$/);
    expect(row[2]).toBe('-');
  });

  it('renames a passkey and says so', async () => {
    buttonNamed(sut, '名前を変更').click();
    await fixture.whenStable();
    type(sut, '#passkey-name', '仕事用 PC');
    buttonNamed(sut, '保存').click();
    await fixture.whenStable();

    const request = http.expectOne({ method: 'PATCH', url: `/api/passkeys/${KEY.id}` });
    expect(request.request.body).toEqual({ name: '仕事用 PC' });
    request.flush({ ...KEY, name: '仕事用 PC' });
    await answerList([{ ...KEY, name: '仕事用 PC' }]);

    expect(textOf(sut.querySelector('[role="status"]'))).toBe('パスキーの名前を変更しました。');
    expect(tableRows(sut)[0][0]).toBe('仕事用 PC');
  });

  it('asks for the password before deleting, and keeps the confirmation open when it is wrong', async () => {
    buttonNamed(sut, '削除').click();
    await fixture.whenStable();
    buttonNamed(sut, '削除する').click();
    await fixture.whenStable();
    expect(summary()).toEqual(['現在のパスワードを入力してください。']);

    type(sut, '#passkey-password', 'wrong');
    buttonNamed(sut, '削除する').click();
    await fixture.whenStable();
    http
      .expectOne({ method: 'POST', url: `/api/passkeys/${KEY.id}/delete` })
      .flush(
        anErrorBody(400, 'VALIDATION_FAILED', [
          { field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT' },
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();
    expect(summary()).toEqual(['現在のパスワードが正しくありません。']);

    type(sut, '#passkey-password', PASSWORD);
    buttonNamed(sut, '削除する').click();
    await fixture.whenStable();
    const request = http.expectOne({ method: 'POST', url: `/api/passkeys/${KEY.id}/delete` });
    expect(request.request.body).toEqual({ currentPassword: PASSWORD });
    request.flush([]);
    await answerList([]);
    expect(textOf(sut.querySelector('[role="status"]'))).toBe('パスキーを削除しました。');
    expect(textOf(sut)).toContain('登録されているパスキーはありません。');
  });

  it('asks for a name and the password before registering, without calling the server', async () => {
    buttonNamed(sut, 'パスキーを登録').click();
    await fixture.whenStable();
    buttonNamed(sut, '登録する').click();
    await fixture.whenStable();

    expect(summary()).toEqual([
      'パスキーの名前を入力してください。',
      '現在のパスワードを入力してください。',
    ]);
  });
});

import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { FormControl } from '@angular/forms';
import { answerConfirmation } from '../../testing/confirmation';
import { textOf } from '../../testing/dom';
import { setUpRouter } from '../../testing/router';
import { ConfirmPasswordField } from './confirm-password-field';
import { RecentConfirmation } from './recent-confirmation';

@Component({
  selector: 'app-host',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ConfirmPasswordField],
  template: `<app-confirm-password
    fieldId="pw"
    label="現在のパスワード"
    hint="続行するには現在のパスワードを入力してください。"
    [control]="control"
    [errors]="errors()"
  />`,
})
class Host {
  readonly control = new FormControl('', { nonNullable: true });
  readonly errors = signal<readonly string[]>([]);
}

describe(ConfirmPasswordField.name, () => {
  beforeEach(() => setUpRouter([]));

  it('asks for the password, steps aside while the server holds one, and comes back with an error', async () => {
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(Host);
    const sut = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    expect(sut.querySelector('#pw')?.getAttribute('aria-describedby')).toBe('pw-hint');
    expect(textOf(sut.querySelector('#pw-hint'))).toBe(
      '続行するには現在のパスワードを入力してください。',
    );

    TestBed.inject(RecentConfirmation).refresh();
    answerConfirmation(http, 280);
    await fixture.whenStable();
    expect(sut.querySelector('#pw')).toBeNull();
    expect(textOf(sut)).toContain('パスワードは確認済みです。');

    fixture.componentInstance.errors.set(['入力してください。']);
    await fixture.whenStable();
    expect(sut.querySelector('#pw')).not.toBeNull();

    fixture.componentInstance.errors.set([]);
    TestBed.inject(RecentConfirmation).lapse();
    await fixture.whenStable();
    expect(sut.querySelector('#pw')).not.toBeNull();
    http.verify();
  });

  it('does not hold a window that ends within its margin', () => {
    const http = TestBed.inject(HttpTestingController);
    const confirmation = TestBed.inject(RecentConfirmation);
    confirmation.refresh();
    answerConfirmation(http, 5);
    expect(confirmation.active()).toBe(false);
    http.verify();
  });
});

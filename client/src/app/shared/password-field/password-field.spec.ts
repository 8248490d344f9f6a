import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl } from '@angular/forms';
import { textOf } from '../../testing/dom';
import { PasswordField } from './password-field';

describe(PasswordField.name, () => {
  let fixture: ComponentFixture<PasswordField>;
  let sut: HTMLElement;

  beforeEach(async () => {
    fixture = TestBed.createComponent(PasswordField);
    fixture.componentRef.setInput('fieldId', 'current-password');
    fixture.componentRef.setInput('label', '現在のパスワード');
    fixture.componentRef.setInput('control', new FormControl('secret', { nonNullable: true }));
    fixture.componentRef.setInput('autocomplete', 'current-password');
    await fixture.whenStable();
    sut = fixture.nativeElement as HTMLElement;
  });

  function input(): HTMLInputElement {
    const element = sut.querySelector('input');
    if (!element) throw new Error('no input');
    return element;
  }

  function toggle(): HTMLButtonElement {
    const element = sut.querySelector('button');
    if (!element) throw new Error('no button');
    return element;
  }

  it('is a labelled password input that browsers and keyboards leave alone', () => {
    expect(textOf(sut.querySelector('label[for="current-password"]'))).toBe('現在のパスワード');
    expect(input().type).toBe('password');
    expect(input().getAttribute('autocomplete')).toBe('current-password');
    expect(input().getAttribute('spellcheck')).toBe('false');
    expect(input().getAttribute('autocapitalize')).toBe('none');
  });

  it('shows and hides the password with a button that says what it will do', async () => {
    expect(toggle().type).toBe('button');
    expect(toggle().getAttribute('aria-controls')).toBe('current-password');
    expect(textOf(toggle())).toBe('表示');
    expect(toggle().getAttribute('aria-label')).toBe('現在のパスワードを表示');

    toggle().click();
    await fixture.whenStable();
    expect(input().type).toBe('text');
    expect(textOf(toggle())).toBe('非表示');
    expect(toggle().getAttribute('aria-label')).toBe('現在のパスワードを非表示');
    expect(textOf(sut.querySelector('[aria-live="polite"]'))).toBe(
      '現在のパスワードを表示しています。',
    );

    toggle().click();
    await fixture.whenStable();
    expect(input().type).toBe('password');
  });

  it('ties its error message to the input', async () => {
    expect(input().hasAttribute('aria-invalid')).toBe(false);
    fixture.componentRef.setInput('errors', ['現在のパスワードが正しくありません。']);
    await fixture.whenStable();

    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(input().getAttribute('aria-describedby')).toBe('current-password-error');
    expect(textOf(sut.querySelector('#current-password-error'))).toBe(
      'エラー: 現在のパスワードが正しくありません。',
    );
  });
});

import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import { PasswordPolicyRule } from '../../shared/policy-checklist/password-policy';
import { aManualPolicy } from '../../testing/factories';
import {
  PasswordForm,
  confirmationMatches,
  createPasswordForm,
  formProblems,
  remainingProblems,
  serverProblems,
} from './password-form';

function aForm(rules: readonly PasswordPolicyRule[] = aManualPolicy().rules): PasswordForm {
  const fb = TestBed.inject(NonNullableFormBuilder);
  return createPasswordForm(fb, { rules: () => rules, username: () => 'yamada' });
}

describe(createPasswordForm.name, () => {
  it('is valid when every rule is met', () => {
    const sut = aForm();
    sut.setValue({
      currentPassword: 'Temp#Pass01',
      newPassword: 'Sakura-2025-spring',
      newPasswordConfirmation: 'Sakura-2025-spring',
    });
    expect(sut.valid).toBe(true);
  });

  it('flags a confirmation that differs on the group', () => {
    const sut = aForm();
    sut.setValue({
      currentPassword: 'Temp#Pass01',
      newPassword: 'Sakura-2025-spring',
      newPasswordConfirmation: 'Sakura-2025-sprinG',
    });
    expect(sut.hasError('confirmationMismatch')).toBe(true);
    expect(sut.controls.newPasswordConfirmation.errors).toBeNull();
  });

  it('flags a new password equal to the current one on the group', () => {
    const sut = aForm();
    sut.setValue({
      currentPassword: 'Sakura-2025-spring',
      newPassword: 'Sakura-2025-spring',
      newPasswordConfirmation: 'Sakura-2025-spring',
    });
    expect(sut.getError('passwordPolicy')).toEqual(['NOT_CURRENT']);
  });

  it('reports every failed client rule of the new password at once', () => {
    const sut = aForm();
    sut.setValue({
      currentPassword: 'x',
      newPassword: 'yamada',
      newPasswordConfirmation: 'yamada',
    });
    expect(sut.getError('passwordPolicy')).toEqual([
      'MIN_LENGTH',
      'UPPERCASE',
      'DIGIT_OR_SYMBOL',
      'NOT_USERNAME',
    ]);
  });

  it('checks only the rules the served policy has (the nist preset has no composition rules)', () => {
    const nist = aManualPolicy().rules.filter(
      (rule) => !['ASCII_PRINTABLE', 'UPPERCASE', 'DIGIT_OR_SYMBOL'].includes(rule.code),
    );
    const sut = aForm(nist);
    sut.setValue({
      currentPassword: 'x',
      newPassword: 'correct horse battery',
      newPasswordConfirmation: 'correct horse battery',
    });
    expect(sut.valid).toBe(true);
  });
});

describe(confirmationMatches.name, () => {
  it('leaves an empty confirmation to the required rule', () => {
    const sut = aForm();
    sut.setValue({ currentPassword: 'x', newPassword: 'Sakura-2025', newPasswordConfirmation: '' });
    expect(confirmationMatches(sut)).toBeNull();
    expect(sut.controls.newPasswordConfirmation.hasError('required')).toBe(true);
  });
});

describe(formProblems.name, () => {
  it('lists the problems in page order', () => {
    const sut = aForm();
    sut.setValue({ currentPassword: '', newPassword: 'short', newPasswordConfirmation: 'other' });
    expect(formProblems(sut)).toEqual([
      { field: 'currentPassword', code: 'REQUIRED' },
      { field: 'newPassword', code: 'MIN_LENGTH' },
      { field: 'newPassword', code: 'UPPERCASE' },
      { field: 'newPassword', code: 'DIGIT_OR_SYMBOL' },
      { field: 'newPasswordConfirmation', code: 'CONFIRMATION_MISMATCH' },
    ]);
  });

  it('asks for each empty field', () => {
    expect(formProblems(aForm()).map((problem) => problem.field)).toEqual([
      'currentPassword',
      'newPassword',
      'newPasswordConfirmation',
    ]);
  });
});

describe(serverProblems.name, () => {
  it("maps the server's field errors, in page order, keeping its words", () => {
    expect(
      serverProblems({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: '入力内容に誤りがあります。',
        errors: [
          { field: 'newPassword', code: 'NOT_COMMON', message: 'よく使われています。' },
          { field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT', message: '違います。' },
        ],
      }),
    ).toEqual([
      { field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT', serverMessage: '違います。' },
      { field: 'newPassword', code: 'NOT_COMMON', serverMessage: 'よく使われています。' },
    ]);
  });

  it('turns any other failure into one problem for the whole form', () => {
    expect(serverProblems(null)).toEqual([{ field: null, code: 'UNAVAILABLE' }]);
  });
});

describe(remainingProblems.name, () => {
  const submitted = {
    currentPassword: 'Temp#Pass01',
    newPassword: 'short',
    newPasswordConfirmation: 'short',
  };

  it('drops a client problem once the field is corrected, and adds none while typing', () => {
    const sut = aForm();
    sut.setValue(submitted);
    const problems = formProblems(sut);
    expect(problems.some((p) => p.field === 'newPassword')).toBe(true);

    sut.controls.newPassword.setValue('Sakura-2025-spring');
    const remaining = remainingProblems(problems, sut, submitted);
    expect(remaining.filter((p) => p.field === 'newPassword')).toEqual([]);
    // The confirmation now differs: a new problem, but only the next submit says so.
    expect(remaining.some((p) => p.code === 'CONFIRMATION_MISMATCH')).toBe(false);
  });

  it('keeps a server refusal until its field changes', () => {
    const sut = aForm();
    const sent = {
      ...submitted,
      newPassword: 'Password123!',
      newPasswordConfirmation: 'Password123!',
    };
    sut.setValue(sent);
    const refused = serverProblems({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '',
      errors: [{ field: 'newPassword', code: 'NOT_COMMON', message: 'common' }],
    });
    sut.controls.currentPassword.setValue('Temp#Pass02');
    expect(remainingProblems(refused, sut, sent)).toEqual(refused);
    sut.controls.newPassword.setValue('Password123!x');
    expect(remainingProblems(refused, sut, sent)).toEqual([]);
  });
});

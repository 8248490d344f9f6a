import {
  AbstractControl,
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ValidationErrors,
  ValidatorFn,
} from '@angular/forms';
import { ApiError } from '../../core/api/api-error';
import { required } from '../../shared/forms/validators';
import { PasswordPolicyRule, failedRules } from '../../shared/policy-checklist/password-policy';

export type PasswordFormField = 'currentPassword' | 'newPassword' | 'newPasswordConfirmation';

export type PasswordForm = FormGroup<{
  currentPassword: FormControl<string>;
  newPassword: FormControl<string>;
  newPasswordConfirmation: FormControl<string>;
}>;

/** What the policy check needs besides the form: read at validation time, as both load later. */
export interface PolicyContext {
  readonly rules: () => readonly PasswordPolicyRule[];
  readonly username: () => string;
}

/** One problem to show: a field's (or the whole form's) code, with the server's words if any. */
export interface PasswordProblem {
  readonly field: PasswordFormField | null;
  readonly code: string;
  readonly serverMessage?: string;
}

const FIELDS: readonly PasswordFormField[] = [
  'currentPassword',
  'newPassword',
  'newPasswordConfirmation',
];

function isPasswordFormField(field: string): field is PasswordFormField {
  return FIELDS.some((known) => known === field);
}

function text(group: AbstractControl, name: PasswordFormField): string {
  const value: unknown = group.get(name)?.value;
  return typeof value === 'string' ? value : '';
}

/** Group rule: the confirmation repeats the new password (an empty one is `required`'s concern). */
export const confirmationMatches: ValidatorFn = (group): ValidationErrors | null => {
  const confirmation = text(group, 'newPasswordConfirmation');
  return confirmation === '' || confirmation === text(group, 'newPassword')
    ? null
    : { confirmationMismatch: true };
};

/**
 * Group rule: the new password passes every policy rule the browser can check, including those
 * that compare it with the other field (NOT_CURRENT) and with the username.
 */
export function newPasswordMeetsPolicy(context: PolicyContext): ValidatorFn {
  return (group): ValidationErrors | null => {
    const password = text(group, 'newPassword');
    if (password === '') return null;
    const failed = failedRules(context.rules(), {
      password,
      username: context.username(),
      currentPassword: text(group, 'currentPassword'),
    });
    return failed.length > 0 ? { passwordPolicy: failed } : null;
  };
}

export function createPasswordForm(
  fb: NonNullableFormBuilder,
  context: PolicyContext,
): PasswordForm {
  return fb.group(
    {
      currentPassword: ['', required],
      newPassword: ['', required],
      newPasswordConfirmation: ['', required],
    },
    { validators: [newPasswordMeetsPolicy(context), confirmationMatches] },
  );
}

function policyFailures(form: PasswordForm): string[] {
  const failed: unknown = form.getError('passwordPolicy');
  return Array.isArray(failed) ? failed.filter((code) => typeof code === 'string') : [];
}

/** The form's client-side problems in page order; empty when it may go to the server. */
export function formProblems(form: PasswordForm): PasswordProblem[] {
  const { currentPassword, newPassword, newPasswordConfirmation } = form.controls;
  const problems: PasswordProblem[] = [];
  if (currentPassword.hasError('required')) {
    problems.push({ field: 'currentPassword', code: 'REQUIRED' });
  }
  if (newPassword.hasError('required')) {
    problems.push({ field: 'newPassword', code: 'REQUIRED' });
  } else {
    for (const code of policyFailures(form)) problems.push({ field: 'newPassword', code });
  }
  if (newPasswordConfirmation.hasError('required')) {
    problems.push({ field: 'newPasswordConfirmation', code: 'REQUIRED' });
  } else if (form.hasError('confirmationMismatch')) {
    problems.push({ field: 'newPasswordConfirmation', code: 'CONFIRMATION_MISMATCH' });
  }
  return problems;
}

/**
 * The problems still standing after the user edited the form: a client-side problem goes once it
 * is corrected, a server refusal of a field once that field changes (the server judged another
 * value). Nothing new is added while typing; that waits for the next submit.
 */
export function remainingProblems(
  problems: readonly PasswordProblem[],
  form: PasswordForm,
  submitted: Readonly<Record<PasswordFormField, string>>,
): PasswordProblem[] {
  const current = formProblems(form);
  const values = form.getRawValue();
  return problems.filter((problem) => {
    if (problem.serverMessage !== undefined || problem.field === null) {
      return problem.field === null || values[problem.field] === submitted[problem.field];
    }
    return current.some((p) => p.field === problem.field && p.code === problem.code);
  });
}

/** The server's refusal as problems: its `errors[]` by field, anything else as one form problem. */
export function serverProblems(error: ApiError | null): PasswordProblem[] {
  if (error?.code === 'VALIDATION_FAILED' && error.errors.length > 0) {
    const problems = error.errors.map(({ field, code, message }) => ({
      field: isPasswordFormField(field) ? field : null,
      code,
      serverMessage: message,
    }));
    // Page order, so the summary reads top to bottom like the form.
    return problems.sort(
      (a, b) => (a.field ? FIELDS.indexOf(a.field) : -1) - (b.field ? FIELDS.indexOf(b.field) : -1),
    );
  }
  return [{ field: null, code: error?.code ?? 'UNAVAILABLE' }];
}

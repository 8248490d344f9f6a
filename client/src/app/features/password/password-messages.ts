import { PasswordPolicyRule } from '../../shared/policy-checklist/password-policy';
import { PasswordFormField, PasswordProblem } from './password-form';

function requiredMessage(field: PasswordFormField): string {
  switch (field) {
    case 'currentPassword':
      return $localize`:@@password.error.currentRequired:現在のパスワードを入力してください。`;
    case 'newPassword':
      return $localize`:@@password.error.newRequired:新しいパスワードを入力してください。`;
    case 'newPasswordConfirmation':
      return $localize`:@@password.error.confirmationRequired:確認のため、新しいパスワードをもう一度入力してください。`;
  }
}

function unavailable(): string {
  return $localize`:@@password.error.unavailable:パスワードを変更できませんでした。しばらくしてから再度お試しください。`;
}

/**
 * A problem in the client's language, by code; the server's own message (in the language it
 * chose) only for codes this client does not know.
 */
export function problemMessage(
  problem: PasswordProblem,
  rules: readonly PasswordPolicyRule[],
): string {
  const param = (name: string): number | null => {
    const value = rules.find((rule) => rule.code === problem.code)?.params[name];
    return typeof value === 'number' ? value : null;
  };
  const fallback = problem.serverMessage || unavailable();
  switch (problem.code) {
    case 'REQUIRED':
      return problem.field ? requiredMessage(problem.field) : fallback;
    case 'CURRENT_PASSWORD_INCORRECT':
      return $localize`:@@password.error.currentIncorrect:現在のパスワードが正しくありません。`;
    case 'CONFIRMATION_MISMATCH':
      return $localize`:@@password.error.confirmationMismatch:新しいパスワード (確認) が新しいパスワードと一致しません。`;
    case 'MIN_LENGTH': {
      const min = param('min');
      return min === null
        ? fallback
        : $localize`:@@password.error.minLength:新しいパスワードは${min}:min:文字以上にしてください。`;
    }
    case 'MAX_LENGTH': {
      const max = param('max');
      return max === null
        ? fallback
        : $localize`:@@password.error.maxLength:新しいパスワードは${max}:max:文字以内にしてください。`;
    }
    case 'ASCII_PRINTABLE':
      return $localize`:@@password.error.asciiPrintable:新しいパスワードには半角の英数字・記号だけを使ってください。全角文字は使えません。`;
    case 'UPPERCASE':
      return $localize`:@@password.error.uppercase:新しいパスワードには半角の英大文字 (A-Z) を含めてください。`;
    case 'DIGIT_OR_SYMBOL':
      return $localize`:@@password.error.digitOrSymbol:新しいパスワードには半角の数字または記号を含めてください。`;
    case 'NOT_USERNAME':
      return $localize`:@@password.error.notUsername:新しいパスワードにユーザ名を含めないでください。`;
    case 'NOT_CURRENT':
      return $localize`:@@password.error.notCurrent:新しいパスワードは現在のパスワードと異なるものにしてください。`;
    case 'NOT_COMMON':
      return $localize`:@@password.error.notCommon:よく使われているパスワードは使えません。推測されにくいパスワードにしてください。`;
    case 'NOT_RECENT': {
      const count = param('count');
      return count === null
        ? fallback
        : $localize`:@@password.error.notRecent:最近使った${count}:count:個のパスワードは使えません。`;
    }
    default:
      return fallback;
  }
}

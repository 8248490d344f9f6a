import { aManualPolicy, aRule } from '../../testing/factories';
import { problemMessage } from './password-messages';

describe(problemMessage.name, () => {
  const rules = aManualPolicy().rules;

  it.each([
    [{ field: 'currentPassword', code: 'REQUIRED' }, '現在のパスワードを入力してください。'],
    [{ field: 'newPassword', code: 'MIN_LENGTH' }, '新しいパスワードは10文字以上にしてください。'],
    [{ field: 'newPassword', code: 'NOT_RECENT' }, '最近使った5個のパスワードは使えません。'],
    [
      { field: 'newPasswordConfirmation', code: 'CONFIRMATION_MISMATCH' },
      '新しいパスワード (確認) が新しいパスワードと一致しません。',
    ],
    [
      { field: 'currentPassword', code: 'CURRENT_PASSWORD_INCORRECT', serverMessage: 'x' },
      '現在のパスワードが正しくありません。',
    ],
  ] as const)('renders %o by its code in the client language', (problem, message) => {
    expect(problemMessage(problem, rules)).toBe(message);
  });

  it('takes the parameter from the served policy', () => {
    expect(
      problemMessage({ field: 'newPassword', code: 'MIN_LENGTH' }, [
        aRule('MIN_LENGTH', { min: 15 }),
      ]),
    ).toBe('新しいパスワードは15文字以上にしてください。');
  });

  it("falls back to the server's message for a code it does not know", () => {
    expect(
      problemMessage(
        { field: 'newPassword', code: 'NEW_RULE', serverMessage: '新しい規則' },
        rules,
      ),
    ).toBe('新しい規則');
  });

  it('says the change failed when there is nothing more specific', () => {
    expect(problemMessage({ field: null, code: 'INTERNAL' }, rules)).toBe(
      'パスワードを変更できませんでした。しばらくしてから再度お試しください。',
    );
  });
});

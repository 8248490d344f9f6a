import { loginProblems } from './login-errors';

describe(loginProblems.name, () => {
  it("puts the server's field errors on the login fields, by code where it knows it", () => {
    expect(
      loginProblems({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: '入力内容に誤りがあります。',
        errors: [
          { field: 'username', code: 'REQUIRED', message: 'required' },
          { field: 'password', code: 'MAX_LENGTH', message: '長すぎます。' },
        ],
      }),
    ).toEqual([
      { field: 'username', message: 'ユーザ名を入力してください。' },
      { field: 'password', message: '長すぎます。' },
    ]);
  });

  it('has one message for a refused request it cannot explain', () => {
    expect(loginProblems(null)).toEqual([
      { field: null, message: 'ログインできませんでした。しばらくしてから再度お試しください。' },
    ]);
  });
});

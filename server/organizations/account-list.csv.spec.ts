import { accountListCsv } from './account-list.csv';

describe(accountListCsv.name, () => {
  it('writes the manual’s columns in its order, then the role, with CRLF line ends', () => {
    const csv = accountListCsv([
      {
        plan: 'ココナワーク',
        username: 'acme-admin1',
        role: 'admin',
        temporaryPassword: 'Abc#2345defGHJK!',
        serviceStartsOn: '2026-04-01',
      },
      {
        plan: 'Plan, "Gold"',
        username: 'acme-user1',
        role: 'user',
        temporaryPassword: 'x',
        serviceStartsOn: '2026-04-01',
      },
    ]);

    expect(csv).toBe(
      'プラン,アカウント (ユーザ名),初期パスワード,サービス,権限\r\n' +
        'ココナワーク,acme-admin1,Abc#2345defGHJK!,2026-04-01,アカウント管理者\r\n' +
        '"Plan, ""Gold""",acme-user1,x,2026-04-01,一般ユーザ\r\n',
    );
  });
});

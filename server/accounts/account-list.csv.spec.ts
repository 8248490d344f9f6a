import { accountListCsv, csvField } from './account-list.csv';

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

describe(csvField.name, () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', '"\'=HYPERLINK(""http://evil.example"",""x"")"'],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', '"\'\rcmd"'],
  ])('neutralises %j, which a spreadsheet would run as a formula, as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('leaves ordinary values alone', () => {
    expect(csvField('Gold-2026')).toBe('Gold-2026');
    expect(csvField('2026-04-01')).toBe('2026-04-01');
  });

  it('neutralises a plan in the account list', () => {
    const csv = accountListCsv([
      {
        plan: "=cmd|' /C calc'!A0",
        username: 'acme-user1',
        role: 'user',
        temporaryPassword: 'Abc#2345defGHJK!',
        serviceStartsOn: '2026-04-01',
      },
    ]);
    expect(csv.split('\r\n')[1]).toBe(
      "'=cmd|' /C calc'!A0,acme-user1,Abc#2345defGHJK!,2026-04-01,一般ユーザ",
    );
  });
});

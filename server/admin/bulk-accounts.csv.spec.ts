import { bulkRows, parseCsv, roleFromCsv } from './bulk-accounts.csv';

describe(parseCsv.name, () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers records by line', () => {
    expect(parseCsv('a,"b,c"\r\n"say ""hi""",x\n"two\nlines",y\nlast')).toEqual([
      { line: 1, fields: ['a', 'b,c'] },
      { line: 2, fields: ['say "hi"', 'x'] },
      { line: 3, fields: ['two\nlines', 'y'] },
      { line: 5, fields: ['last'] },
    ]);
  });

  it('ignores a byte order mark', () => {
    expect(parseCsv('\uFEFFname')).toEqual([{ line: 1, fields: ['name'] }]);
  });
});

describe(bulkRows.name, () => {
  it('skips a header and blank lines but keeps the file’s line numbers', () => {
    expect(bulkRows('ユーザ名,権限\n\ntanaka,admin,2027-03-31\n  \nsuzuki\n')).toEqual([
      { row: 3, username: 'tanaka', role: 'admin', expiresOn: '2027-03-31', extraColumns: false },
      { row: 5, username: 'suzuki', role: '', expiresOn: '', extraColumns: false },
    ]);
  });

  it('treats a first row that is not a heading as data', () => {
    expect(bulkRows('tanaka').map((r) => r.row)).toEqual([1]);
  });

  it('notices a fourth column', () => {
    expect(bulkRows('a,user,,extra')[0].extraColumns).toBe(true);
  });
});

describe(roleFromCsv.name, () => {
  it.each([
    ['', 'user'],
    ['user', 'user'],
    ['Admin', 'admin'],
    ['一般ユーザ', 'user'],
    ['アカウント管理者', 'admin'],
    ['owner', null],
  ])('reads %j as %j', (value, role) => {
    expect(roleFromCsv(value)).toBe(role);
  });
});

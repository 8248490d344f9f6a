import { BULK_TEMPLATE, previewRows } from './bulk-csv';

describe('bulk CSV preview', () => {
  it('reads the rows the server will read: header skipped, blank lines ignored, line numbers kept', () => {
    const rows = previewRows(
      '\uFEFFusername,role,expiresOn\r\ntanaka,一般ユーザ,2027-03-31\r\n\r\n"suzuki",admin,\r\nito,owner\n',
    );
    expect(rows).toEqual([
      {
        line: 2,
        username: 'tanaka',
        role: 'user',
        roleText: '一般ユーザ',
        expiresOn: '2027-03-31',
      },
      { line: 4, username: 'suzuki', role: 'admin', roleText: 'admin', expiresOn: '' },
      { line: 5, username: 'ito', role: null, roleText: 'owner', expiresOn: '' },
    ]);
  });

  it('counts a quoted line break within its row', () => {
    const rows = previewRows('"a\nb",user\nc\n');
    expect(rows.map((r) => [r.line, r.username])).toEqual([
      [1, 'a\nb'],
      [3, 'c'],
    ]);
  });

  it('offers a template that previews as its two example rows', () => {
    expect(previewRows(BULK_TEMPLATE).map((r) => r.username)).toEqual(['tanaka', 'suzuki']);
  });
});

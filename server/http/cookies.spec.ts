import { parseCookieHeader } from './cookies';

describe('parseCookieHeader', () => {
  it('reads pairs, trims, unquotes and decodes them', () => {
    expect({ ...parseCookieHeader(' a=1; b = two ;c="q%20x"; d=%E3%81%82') }).toEqual({
      a: '1',
      b: 'two',
      c: 'q x',
      d: 'あ',
    });
  });

  it('keeps the first of two equal names, as browsers order the more specific first', () => {
    expect(parseCookieHeader('tobira_session=first; tobira_session=second').tobira_session).toBe(
      'first',
    );
  });

  it('ignores pairs without a name or "=", keeps broken encodings as sent, and has no prototype', () => {
    const cookies = parseCookieHeader('=x; flag; bad=%E3%81; __proto__=p; constructor=c');
    expect(Object.entries(cookies)).toEqual([
      ['bad', '%E3%81'],
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
    expect(Object.getPrototypeOf(cookies)).toBeNull();
  });

  it('answers an empty set without a header', () => {
    expect({ ...parseCookieHeader(undefined) }).toEqual({});
  });
});

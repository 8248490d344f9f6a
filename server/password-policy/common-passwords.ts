import { dictionary } from '@zxcvbn-ts/language-common';

// zxcvbn's list (the most frequent passwords of public breach corpora) is nearly all lower-case and
// undecorated, so "Password123!" — which passes the manual's composition rule and is among an
// attacker's first guesses — would slip through. These decorations of the most guessed words close
// that gap; the product name is here because NIST 800-63B asks for context-specific words too.
const GUESSED_WORDS = (
  'password passw0rd p@ssword p@ssw0rd pa$$word qwerty qwertyuiop asdfghjkl qazwsx welcome admin ' +
  'administrator letmein iloveyou changeme sunshine monkey dragon football baseball master abc ' +
  'abcdef test user login spring summer autumn winter tobira'
).split(' ');
const DECORATIONS =
  '1 12 123 1234 12345 123456 ! !! 1! 12! 123! 1234! 12345! @1 @123 #1 01 001'.split(' ');
const RECENT_YEARS = Array.from({ length: 8 }, (_, i) => String(new Date().getFullYear() - 6 + i));

function supplement(): string[] {
  const endings = [...DECORATIONS, ...RECENT_YEARS, ...RECENT_YEARS.map((year) => `${year}!`)];
  return GUESSED_WORDS.flatMap((word) => endings.map((ending) => word + ending));
}

let common: ReadonlySet<string> | undefined;

/** Whether the password, ignoring case, is on the shipped list of common passwords. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    [...dictionary['passwords-common'], ...supplement()].map((entry) => entry.toLowerCase()),
  );
  return common.has(password.toLowerCase());
}

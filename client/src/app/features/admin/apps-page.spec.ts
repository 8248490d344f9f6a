import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { textOf } from '../../testing/dom';
import { setUpRouter } from '../../testing/router';
import { OidcClientView } from './admin-api';
import { AppsPage } from './apps-page';

function aClient(overrides: Partial<OidcClientView> = {}): OidcClientView {
  return {
    name: 'Wiki',
    clientId: 'k3J9client',
    type: 'confidential',
    redirectUris: ['https://wiki.example.com/callback'],
    scope: 'contract',
    consent: false,
    requireMfa: true,
    disabled: false,
    ...overrides,
  };
}

describe(AppsPage.name, () => {
  let fixture: ComponentFixture<AppsPage>;
  let sut: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    setUpRouter([]);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AppsPage);
    sut = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function answer(clients: OidcClientView[]): Promise<void> {
    http.expectOne('/api/admin/oidc-clients').flush(clients);
    await fixture.whenStable();
  }

  /** Each card's name and its facts, as dt: dd. */
  function cards(): { name: string; facts: Record<string, string> }[] {
    return Array.from(sut.querySelectorAll('.app-cards > li')).map((card) => ({
      name: textOf(card.querySelector('h2')),
      facts: Object.fromEntries(
        Array.from(card.querySelectorAll('dl > div')).map((div) => [
          textOf(div.querySelector('dt')),
          // A list (the redirect URIs) one item after another.
          div.querySelector('dd li')
            ? Array.from(div.querySelectorAll('dd li'))
                .map((li) => textOf(li))
                .join(' ')
            : textOf(div.querySelector('dd')),
        ]),
      ),
    }));
  }

  it('lists each application with its client ID, type, accounts admitted, consent, MFA, state and redirect URIs', async () => {
    expect(textOf(sut.querySelector('[role="status"]'))).toBe('読み込んでいます…');
    await answer([
      aClient(),
      aClient({
        name: 'Desktop',
        clientId: 'desk1',
        type: 'public',
        redirectUris: ['http://127.0.0.1/callback', 'jp.example.desktop:/callback'],
        scope: 'all',
        consent: true,
        requireMfa: false,
        disabled: true,
      }),
    ]);

    expect(textOf(sut.querySelector('h1'))).toBe('アプリケーション');
    expect(cards()).toEqual([
      {
        name: 'Wiki',
        facts: {
          'クライアント ID': 'k3J9client',
          種類: '機密クライアント (シークレットで認証)',
          利用できるアカウント: 'この契約のアカウントのみ',
          同意画面: 'なし',
          多要素認証: '必須',
          状態: '有効',
          'リダイレクト URI': 'https://wiki.example.com/callback',
        },
      },
      {
        name: 'Desktop',
        facts: {
          'クライアント ID': 'desk1',
          種類: '公開クライアント (PKCE のみ)',
          利用できるアカウント: 'すべての契約のアカウント',
          同意画面: 'あり',
          多要素認証: '必須ではない',
          状態: '無効',
          'リダイレクト URI': 'http://127.0.0.1/callback jp.example.desktop:/callback',
        },
      },
    ]);
    expect(
      Array.from(sut.querySelectorAll('.app-cards > li:nth-child(2) .app-card__uris li')).map(
        (li) => textOf(li),
      ),
    ).toEqual(['http://127.0.0.1/callback', 'jp.example.desktop:/callback']);
    // Read-only: nothing to press.
    expect(sut.querySelector('button, form, input')).toBeNull();
  });

  it('says when no application is registered', async () => {
    await answer([]);
    expect(textOf(sut.querySelector('[role="status"]'))).toBe(
      '登録されているアプリケーションはありません。',
    );
    expect(sut.querySelector('.app-cards')).toBeNull();
  });

  it('says when the list could not be loaded', async () => {
    http
      .expectOne('/api/admin/oidc-clients')
      .flush({ code: 'INTERNAL' }, { status: 500, statusText: 'Server Error' });
    await fixture.whenStable();
    expect(textOf(sut.querySelector('[role="alert"]'))).toBe(
      'アプリケーションを読み込めませんでした。再読み込みしてください。',
    );
  });
});

import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { SessionStore } from '../../../core/session/session-store';
import { buttonNamed, textOf } from '../../../testing/dom';
import { aSession } from '../../../testing/factories';
import { RecoveryCodes } from './recovery-codes';

describe(RecoveryCodes.name, () => {
  let fixture: ComponentFixture<RecoveryCodes>;
  let sut: HTMLElement;
  let done: number;
  const codes = ['aaaa-bbbb-cccc', 'dddd-eeee-ffff'];

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withXhr()), provideHttpClientTesting()],
    });
    TestBed.inject(SessionStore).set(aSession({ username: 'yamada' }));
    fixture = TestBed.createComponent(RecoveryCodes);
    fixture.componentRef.setInput('codes', codes);
    done = 0;
    fixture.componentInstance.done.subscribe(() => (done += 1));
    sut = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/config')
      .flush({ productName: 'ココナワーク', supportUrl: 'https://support.example.com/' });
    await fixture.whenStable();
  });

  it('lists the codes once, with the warning that they are shown only now', () => {
    expect(Array.from(sut.querySelectorAll('li')).map((li) => textOf(li))).toEqual(codes);
    expect(textOf(sut)).toContain('リカバリーコードが表示されるのは今回だけです。');
  });

  it('finishes only after the user confirms the codes were saved', async () => {
    buttonNamed(sut, '完了').click();
    await fixture.whenStable();
    expect(done).toBe(0);
    expect(textOf(sut.querySelector('[role="alert"]'))).toContain('チェックを入れてください。');

    sut.querySelector<HTMLInputElement>('#recovery-codes-saved')!.click();
    buttonNamed(sut, '完了').click();
    await fixture.whenStable();
    expect(done).toBe(1);
  });

  it('downloads the codes as a text file that names the product, the user and the day', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:codes';
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);

    buttonNamed(sut, 'ダウンロード').click();
    await fixture.whenStable();

    const day = new Intl.DateTimeFormat('en-CA').format(new Date());
    expect(await created[0].text()).toBe(
      `ココナワーク 管理機能 リカバリーコード\nユーザ名: yamada\n発行日: ${day.replaceAll('-', '/')}\n\n` +
        'aaaa-bbbb-cccc\ndddd-eeee-ffff\n',
    );
    expect(click).toHaveBeenCalledTimes(1);
    expect(revoke).toHaveBeenCalledWith('blob:codes');
    expect(textOf(sut.querySelector('[role="status"]'))).toContain(
      `ココナワーク-recovery-codes-yamada-${day}.txt`,
    );
    createObjectURL.mockRestore();
    revoke.mockRestore();
    click.mockRestore();
  });
});

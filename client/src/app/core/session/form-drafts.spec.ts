import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { aSession } from '../../testing/factories';
import { setUpRouter, stubRoute } from '../../testing/router';
import { FormDrafts } from './form-drafts';
import { SessionStore } from './session-store';

@Component({
  selector: 'app-form-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `<main>
    <form [formGroup]="form">
      <input id="name" [formControl]="form.controls.name" />
      <input id="note" [formControl]="form.controls.note" />
      <input id="pw" type="text" autocomplete="current-password" [formControl]="form.controls.pw" />
    </form>
  </main>`,
})
class FormPage {
  readonly form = inject(NonNullableFormBuilder).group({
    name: [''],
    note: ['prefilled'],
    pw: [''],
  });
}

function typeInto(id: string, value: string): void {
  const input = document.getElementById(id) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe(FormDrafts.name, () => {
  let harness: RouterTestingHarness;
  let sut: FormDrafts;
  let store: SessionStore;

  beforeEach(async () => {
    sessionStorage.clear();
    setUpRouter([stubRoute('login'), stubRoute('other'), { path: 'form', component: FormPage }]);
    store = TestBed.inject(SessionStore);
    store.set(aSession({ username: 'sato' }));
    sut = TestBed.inject(FormDrafts);
    harness = await RouterTestingHarness.create();
    document.body.appendChild(harness.fixture.nativeElement as HTMLElement);
    await harness.navigateByUrl('/form');
    sut.watch();
  });

  afterEach(() => {
    (harness.fixture.nativeElement as HTMLElement).remove();
    sessionStorage.clear();
  });

  /** The session ends on the form page after the user typed a name and a password. */
  async function endSessionWhileTyping(): Promise<void> {
    typeInto('name', 'Keiko Sato');
    typeInto('pw', 'Secret-pass-1');
    await harness.fixture.whenStable();
    sut.keep();
    store.clear();
    await harness.navigateByUrl('/login');
  }

  it('keeps what the user changed, never a password, and says so until the next sign-in', async () => {
    await endSessionWhileTyping();

    const stored = JSON.stringify(sessionStorage);
    expect(stored).not.toContain('Secret-pass-1');
    expect(stored).not.toContain('prefilled');
    expect(sut.pending()).toEqual(
      expect.objectContaining({
        url: '/form',
        username: 'sato',
        fields: [{ id: 'name', value: 'Keiko Sato' }],
        passwords: 1,
      }),
    );
  });

  it('puts it back on the same page for the same user, once, and says so', async () => {
    await endSessionWhileTyping();
    store.set(aSession({ username: 'sato' }));
    await harness.navigateByUrl('/form');
    await vi.waitFor(() => expect(sut.restored()).not.toBeNull());

    const page = harness.fixture.debugElement.query(
      (el) => el.componentInstance instanceof FormPage,
    ).componentInstance as FormPage;
    expect(page.form.getRawValue()).toEqual({ name: 'Keiko Sato', note: 'prefilled', pw: '' });
    expect(sut.restored()?.passwords).toBe(1);
    expect(sut.pending()).toBeNull();

    await harness.navigateByUrl('/other');
    expect(sut.restored()).toBeNull();
  });

  it('drops it for another user or another page', async () => {
    await endSessionWhileTyping();
    store.set(aSession({ username: 'suzuki' }));
    await harness.navigateByUrl('/form');
    expect(sut.pending()).toBeNull();
    expect(sut.restored()).toBeNull();
    expect((document.getElementById('name') as HTMLInputElement).value).toBe('');

    store.set(aSession({ username: 'sato' }));
    await harness.navigateByUrl('/other');
    await harness.navigateByUrl('/form');
    await endSessionWhileTyping();
    store.set(aSession({ username: 'sato' }));
    await harness.navigateByUrl('/other');
    expect(sut.pending()).toBeNull();
    expect(TestBed.inject(Router).url).toBe('/other');
  });
});

import { ComponentFixture, TestBed } from '@angular/core/testing';
import { aManualPolicy } from '../../testing/factories';
import { textOf } from '../../testing/dom';
import { PolicyChecklist } from './policy-checklist';

describe(PolicyChecklist.name, () => {
  let fixture: ComponentFixture<PolicyChecklist>;

  async function render(password: string, serverFailures: string[] = []): Promise<HTMLElement> {
    fixture.componentRef.setInput('candidate', {
      password,
      username: 'yamada',
      currentPassword: 'Temp#Pass01',
    });
    fixture.componentRef.setInput('serverFailures', serverFailures);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  function states(sut: HTMLElement): Record<string, string | null> {
    return Object.fromEntries(
      Array.from(sut.querySelectorAll('li')).map((li) => [
        textOf(li.querySelector('.checklist__label')),
        li.getAttribute('data-state'),
      ]),
    );
  }

  beforeEach(() => {
    fixture = TestBed.createComponent(PolicyChecklist);
    fixture.componentRef.setInput('checklistId', 'checklist');
    fixture.componentRef.setInput('rules', aManualPolicy().rules);
  });

  it('is a list named by its title', async () => {
    const sut = await render('');
    const list = sut.querySelector('ul');
    expect(list?.getAttribute('role')).toBe('list');
    expect(textOf(sut.querySelector(`#${list?.getAttribute('aria-labelledby')}`))).toBe(
      '新しいパスワードの条件',
    );
  });

  it('updates each rule as the password changes, in words as well as marks', async () => {
    const sut = await render('abcdefghij');
    expect(states(sut)).toEqual({
      '10文字以上': 'met',
      '255文字以内': 'met',
      '半角の英数字・記号のみ': 'met',
      半角の英大文字を含む: 'unmet',
      半角の数字または記号を含む: 'unmet',
      ユーザ名を含まない: 'met',
      現在のパスワードと異なる: 'met',
      よく使われるパスワードではない: 'server',
      最近使った5個のパスワードと異なる: 'server',
    });
    const uppercase = Array.from(sut.querySelectorAll('li'))[3];
    expect(textOf(uppercase)).toContain('（満たしていません）');

    await render('Abcdefghi1');
    expect(textOf(Array.from(sut.querySelectorAll('li'))[3])).toContain('（満たしています）');
  });

  it('leaves the server-only rules to the submit, then shows what the server refused', async () => {
    const sut = await render('Abcdefghi1');
    const notCommon = () => Array.from(sut.querySelectorAll('li'))[7];
    expect(textOf(notCommon())).toContain('（変更時に確認します）');

    await render('Abcdefghi1', ['NOT_COMMON']);
    expect(notCommon().getAttribute('data-state')).toBe('unmet');
  });

  it('is neutral before the first keystroke: nothing met, nothing failed', async () => {
    const sut = await render('');
    const checked = Object.values(states(sut)).filter((state) => state !== 'server');
    expect(checked.length).toBe(7);
    expect(new Set(checked)).toEqual(new Set(['neutral']));
    expect(textOf(sut)).not.toContain('✕');
    expect(textOf(sut)).not.toContain('（満たしていません）');
  });

  it('announces the count politely once typing pauses, not at every keystroke', () => {
    vi.useFakeTimers();
    try {
      const setPassword = (password: string) => {
        fixture.componentRef.setInput('candidate', {
          password,
          username: 'yamada',
          currentPassword: 'Temp#Pass01',
        });
        fixture.detectChanges();
      };
      const live = () =>
        textOf((fixture.nativeElement as HTMLElement).querySelector('[aria-live="polite"]'));

      setPassword('Abcdefghi');
      vi.advanceTimersByTime(500);
      setPassword('Abcdefghi1');
      vi.advanceTimersByTime(999);
      fixture.detectChanges();
      expect(live()).toBe('');

      vi.advanceTimersByTime(1);
      fixture.detectChanges();
      expect(live()).toBe('パスワードの条件 7件中 7件を満たしています。');
    } finally {
      vi.useRealTimers();
    }
  });
});

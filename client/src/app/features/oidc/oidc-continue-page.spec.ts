import { RouterTestingHarness } from '@angular/router/testing';
import { setUpRouter } from '../../testing/router';
import { LEAVE_FOR } from './oidc-api';
import { OidcContinuePage } from './oidc-continue-page';

describe(OidcContinuePage.name, () => {
  let leaveFor: ReturnType<typeof vi.fn>;

  async function open(url: string): Promise<HTMLElement> {
    leaveFor = vi.fn();
    setUpRouter(
      [{ path: 'connect/continue/:uid', component: OidcContinuePage }],
      [{ provide: LEAVE_FOR, useValue: leaveFor }],
    );
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness.routeNativeElement!;
  }

  it('says it is going back to the application, and goes on to the provider’s interaction', async () => {
    const sut = await open('/connect/continue/Abc_12-x');
    expect(sut.querySelector('h1')?.textContent?.trim()).toBe('アプリケーションに戻ります');
    expect(sut.querySelector('[role="status"]')?.textContent).toContain('ログインしました。');
    expect(leaveFor).toHaveBeenCalledExactlyOnceWith('/api/oidc/interaction/Abc_12-x');
  });

  it.each([
    ['a path', encodeURIComponent('../../logout')],
    ['too long', 'a'.repeat(65)],
    ['other characters', 'abc.def'],
  ])('follows nothing that is not an interaction id (%s)', async (_label, uid) => {
    const sut = await open(`/connect/continue/${uid}`);
    expect(sut.querySelector('h1')).not.toBeNull();
    expect(leaveFor).not.toHaveBeenCalled();
  });
});

import { TestBed } from '@angular/core/testing';
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

  it('follows nothing that is not an interaction id', async () => {
    await open(`/connect/continue/${encodeURIComponent('..%2F..%2Flogout')}`);
    await open(`/connect/continue/${'a'.repeat(65)}`);
    expect(leaveFor).not.toHaveBeenCalled();
    expect(TestBed.inject(LEAVE_FOR)).toBe(leaveFor);
  });
});

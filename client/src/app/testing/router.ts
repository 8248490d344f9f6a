import { Component, EnvironmentProviders, Provider, ChangeDetectionStrategy } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Route, Router, Routes, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

/** Stands in for a routed page when only the navigation matters. */
@Component({
  selector: 'app-stub-page',
  changeDetection: ChangeDetectionStrategy.Eager,
  template: '<h1>stub</h1>',
})
export class StubPage {}

export function stubRoute(path: string, extra: Partial<Route> = {}): Route {
  return { path, component: StubPage, ...extra };
}

/** A real router over `routes`, with the HTTP backend in the test's hands (HttpTestingController). */
export function setUpRouter(
  routes: Routes,
  providers: readonly (Provider | EnvironmentProviders)[] = [],
): void {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withXhr()),
      provideHttpClientTesting(),
      provideRouter(routes),
      ...providers,
    ],
  });
}

/** Navigates the real router, guards and redirects included, and answers where it ended up. */
export async function navigateTo(url: string): Promise<string> {
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url);
  return TestBed.inject(Router).url;
}

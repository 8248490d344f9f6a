import { Component } from '@angular/core';
import { Route } from '@angular/router';

/** Stands in for a routed page when only the navigation matters. */
@Component({ selector: 'app-stub-page', template: '<h1>stub</h1>' })
export class StubPage {}

export function stubRoute(path: string, extra: Partial<Route> = {}): Route {
  return { path, component: StubPage, ...extra };
}

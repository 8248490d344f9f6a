import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';

// A task of its own: the evaluation of the bundles just ended one, and a browser that has to
// paint or answer input in between gets the chance (a long task is blocking time).
setTimeout(() => {
  bootstrapApplication(App, appConfig).catch((error: unknown) => console.error(error));
});

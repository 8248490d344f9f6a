import Bowser from 'bowser';

/** A readable browser and system from a User-Agent string, for people looking at their sessions. */
export interface DeviceSummary {
  browser: string | null;
  system: string | null;
}

// Bowser's names where a shorter one reads better in a table.
const BROWSER_NAMES: Record<string, string> = { 'Microsoft Edge': 'Edge' };
const SYSTEM_NAMES: Record<string, string> = { 'Chrome OS': 'ChromeOS' };

/**
 * The browser with its major version and the operating system, by bowser (a maintained parser
 * that knows the variants: Firefox and Chrome on iOS, Chromium, Edge, Opera…); null for what it
 * does not recognise. The one summary the sessions page, the activity page and the security log
 * show.
 */
export function summarizeUserAgent(userAgent: string | null): DeviceSummary {
  if (!userAgent) return { browser: null, system: null };
  const { browser, os } = Bowser.parse(userAgent);
  const major = browser.version?.split('.')[0];
  const name = browser.name ? (BROWSER_NAMES[browser.name] ?? browser.name) : null;
  const system = os.name ? (SYSTEM_NAMES[os.name] ?? os.name) : null;
  return { browser: name && major ? `${name} ${major}` : name, system };
}

/** "Chrome 131 (Windows)": both parts when known, either alone, or null. */
export function describeUserAgent(userAgent: string | null): string | null {
  const { browser, system } = summarizeUserAgent(userAgent);
  if (browser && system) return `${browser} (${system})`;
  return browser ?? system;
}

import type { INestApplication } from '@nestjs/common';
import request, { type Response, type Test } from 'supertest';
import type { App } from 'supertest/types';

interface MutationOptions {
  /** false: leave out the X-XSRF-TOKEN header, as a cross-site form would. */
  xsrf?: boolean;
  headers?: Record<string, string>;
}

/**
 * Keeps cookies like a browser and, like Angular's HttpClient, echoes XSRF-TOKEN in X-XSRF-TOKEN on
 * state-changing calls.
 */
export class BrowserLikeClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly app: INestApplication) {}

  private get server(): App {
    return this.app.getHttpServer() as App;
  }

  private remember(res: Response): Response {
    const header = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const line of header ?? []) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get sessionToken(): string | undefined {
    return this.cookies.get('tobira_session');
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(
      await request(this.server)
        .get(path)
        .set({ Cookie: this.cookieHeader(), ...headers }),
    );
  }

  /** A POST the way the client sends it; fetches an XSRF token first when it has none. */
  post(path: string, body?: object, options: MutationOptions = {}): Promise<Response> {
    return this.mutate('post', path, body, options);
  }

  patch(path: string, body?: object, options: MutationOptions = {}): Promise<Response> {
    return this.mutate('patch', path, body, options);
  }

  delete(path: string, options: MutationOptions = {}): Promise<Response> {
    return this.mutate('delete', path, undefined, options);
  }

  private async mutate(
    method: 'post' | 'put' | 'patch' | 'delete',
    path: string,
    body: object | undefined,
    options: MutationOptions,
  ): Promise<Response> {
    if (!this.cookies.has('XSRF-TOKEN')) await this.get('/api/health');
    const headers: Record<string, string> = { Cookie: this.cookieHeader(), ...options.headers };
    if (options.xsrf !== false) headers['X-XSRF-TOKEN'] = this.cookies.get('XSRF-TOKEN') ?? '';
    let req: Test = request(this.server)[method](path).set(headers);
    if (body !== undefined) req = req.send(body);
    return this.remember(await req);
  }

  async signIn(username: string, password: string): Promise<Response> {
    return this.post('/api/auth/login', { username, password });
  }
}

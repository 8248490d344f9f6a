import { parseOidcCli } from './oidc-cli';
import { newClientId } from './oidc-clients.service';

describe(newClientId.name, () => {
  it('is 128 random bits in lower-case hex, so that `--client <id>` always takes it', () => {
    const ids = Array.from({ length: 5_000 }, newClientId);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(parseOidcCli(['client', 'disable', '--client', id, '--json'])).toEqual({
        kind: 'client-disable',
        client: id,
        json: true,
      });
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

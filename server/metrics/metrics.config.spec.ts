import { readMetricsConfig } from './metrics.config';

describe('readMetricsConfig', () => {
  it('serves nothing unless METRICS_PORT is set, and then on the loopback interface', () => {
    expect(readMetricsConfig({})).toEqual({ port: null, host: '127.0.0.1' });
    expect(readMetricsConfig({ METRICS_PORT: '' })).toEqual({ port: null, host: '127.0.0.1' });
    expect(readMetricsConfig({ METRICS_PORT: '9464' })).toEqual({ port: 9464, host: '127.0.0.1' });
  });

  it('listens elsewhere only when METRICS_HOST says so, as an address', () => {
    expect(readMetricsConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })).toEqual({
      port: 9464,
      host: '0.0.0.0',
    });
    expect(() => readMetricsConfig({ METRICS_PORT: '9464', METRICS_HOST: 'example.com' })).toThrow(
      /METRICS_HOST must be an IP address/,
    );
  });

  it("refuses the application's own port and values that are not ports", () => {
    expect(() => readMetricsConfig({ METRICS_PORT: '3000' })).toThrow(
      /METRICS_PORT must differ from PORT/,
    );
    expect(() => readMetricsConfig({ METRICS_PORT: '8080', PORT: '8080' })).toThrow(
      /differ from PORT/,
    );
    expect(() => readMetricsConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => readMetricsConfig({ METRICS_PORT: 'yes' })).toThrow(/METRICS_PORT/);
  });
});

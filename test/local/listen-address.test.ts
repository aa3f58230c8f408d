import { createServer, type Server } from 'node:net';
import { describeListenError, readListenAddress, type ListenAddress } from '../../local/listen-address';

describe('readListenAddress', () => {
  it('defaults to 127.0.0.1:3000 when PORT and HOST are unset or empty', () => {
    expect(readListenAddress({})).toEqual({ port: 3000, host: '127.0.0.1' });
    expect(readListenAddress({ PORT: '', HOST: '' })).toEqual({ port: 3000, host: '127.0.0.1' });
  });

  it('reads PORT and HOST, 0 and 65535 included', () => {
    expect(readListenAddress({ PORT: '8080', HOST: '0.0.0.0' })).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(readListenAddress({ PORT: '0' }).port).toBe(0);
    expect(readListenAddress({ PORT: '65535' }).port).toBe(65535);
  });

  it.each(['abc', ' ', '-1', '65536', '3000.5', '3e3', ' 3000', '0x10', '123456'])('rejects PORT=%j, naming PORT and the value', (value) => {
    expect(() => readListenAddress({ PORT: value })).toThrow(`PORT must be an integer from 0 to 65535 (0 picks a free port), got "${value}"`);
  });

  it.each([' ', '\t'])('rejects a blank HOST (%j)', (value) => {
    expect(() => readListenAddress({ HOST: value })).toThrow(/^HOST must be a host name or IP address/);
  });
});

describe('describeListenError', () => {
  it('turns a real EADDRINUSE into a line naming the port and PORT', async () => {
    const taken = await listen(createServer(), 0, '127.0.0.1');
    const address: ListenAddress = { port: portOf(taken), host: '127.0.0.1' };
    try {
      const error = await listenError(address);

      expect(describeListenError(error, address).message).toBe(
        `port ${address.port} is in use on 127.0.0.1: stop the other process (lsof -nP -iTCP:${address.port} -sTCP:LISTEN) or set PORT to a free one, e.g. PORT=${address.port + 1}`,
      );
      expect(describeListenError(error, address).cause).toBe(error);
    } finally {
      taken.close();
    }
  });

  it('turns a real EADDRNOTAVAIL (an address this machine lacks) into a line naming HOST', async () => {
    // 192.0.2.1 is TEST-NET-1: documentation only, never a local address.
    const address: ListenAddress = { port: 0, host: '192.0.2.1' };
    const error = await listenError(address);

    expect((error as NodeJS.ErrnoException).code).toBe('EADDRNOTAVAIL');
    expect(describeListenError(error, address).message).toBe(
      'HOST 192.0.2.1 is not an address of this machine: set HOST to one of its addresses, e.g. HOST=127.0.0.1 (or HOST=0.0.0.0 for all)',
    );
  });

  it('tells a privileged port from a refused one on EACCES', () => {
    const eacces = Object.assign(new Error('listen EACCES: permission denied'), { code: 'EACCES' });

    expect(describeListenError(eacces, { port: 80, host: '0.0.0.0' }).message).toBe('port 80 is privileged: set PORT to 1024 or above, e.g. PORT=3000');
    expect(describeListenError(eacces, { port: 8080, host: '0.0.0.0' }).message).toBe(
      'this user may not listen on port 8080 of 0.0.0.0: set PORT to another port or HOST to another address',
    );
  });

  it('names HOST when it does not resolve', () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND nohost'), { code: 'ENOTFOUND' });

    expect(describeListenError(notFound, { port: 3000, host: 'nohost' }).message).toBe(
      'HOST nohost does not resolve to an address: set HOST to an IP address, e.g. HOST=127.0.0.1',
    );
  });

  it('passes other errors through unchanged', () => {
    const other = Object.assign(new Error('boom'), { code: 'EMFILE' });

    expect(describeListenError(other, { port: 3000, host: '127.0.0.1' })).toBe(other);
    expect(describeListenError('text', { port: 3000, host: '127.0.0.1' })).toEqual(new Error('text'));
  });
});

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** The error a second server gets listening on `address`. */
async function listenError(address: ListenAddress): Promise<unknown> {
  const server = createServer();
  try {
    await listen(server, address.port, address.host);
  } catch (error) {
    return error;
  }
  server.close();
  throw new Error(`listening on ${address.host}:${address.port} succeeded`);
}

/** Requests no HTTP client library will send: written to the socket byte for byte. */
export interface RawCase {
  name: string;
  method: string;
  url: string;
  /** The route's template, when the case aims at one (for the known findings' facts). */
  template?: string;
  bytes: Buffer;
}

const json = JSON.stringify({ name: 'Rå Socket', email: 'raw@fuzz.example', libraryName: 'Køge', consent: true });

function request(method: string, url: string, headers: string[] = [], body = ''): Buffer {
  const lines = [`${method} ${url} HTTP/1.1`, 'Host: 127.0.0.1', ...headers, 'Connection: close'];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');
}

function withBody(method: string, url: string, headers: string[], body: string): Buffer {
  return request(method, url, [...headers, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`], body);
}

export function rawCases(): RawCase[] {
  const registrations = '/api/v1/meetings/design-thinking-i-praksis/registrations';
  const cases: RawCase[] = [
    {
      name: 'URL over 16 KiB',
      method: 'GET',
      url: '/api/v1/meetings?theme=…',
      bytes: request('GET', `/api/v1/meetings?theme=${'a'.repeat(20_000)}`),
    },
    {
      name: 'path parameter over 16 KiB',
      method: 'GET',
      url: '/api/v1/meetings/aaa…',
      bytes: request('GET', `/api/v1/meetings/${'a'.repeat(20_000)}`),
    },
    {
      name: 'one header over 16 KiB',
      method: 'GET',
      url: '/api/health',
      bytes: request('GET', '/api/health', [`X-Huge: ${'h'.repeat(20_000)}`]),
    },
    {
      name: '2,000 small headers',
      method: 'GET',
      url: '/api/health',
      bytes: request(
        'GET',
        '/api/health',
        Array.from({ length: 2_000 }, (_, index) => `X-H${index}: v`),
      ),
    },
    {
      name: 'registration token over 16 KiB',
      method: 'GET',
      url: '/api/v1/registrations/x',
      bytes: request('GET', '/api/v1/registrations/00000000-0000-4000-8000-000000000000', [
        `X-Registration-Token: ${'t'.repeat(17_000)}`,
      ]),
    },
    {
      name: 'duplicate Content-Type',
      method: 'POST',
      url: registrations,
      template: '/api/v1/meetings/{id}/registrations',
      bytes: withBody('POST', registrations, ['Content-Type: text/plain', 'Content-Type: application/json'], json),
    },
    {
      name: 'duplicate Content-Length, different',
      method: 'POST',
      url: registrations,
      bytes: request(
        'POST',
        registrations,
        ['Content-Type: application/json', 'Content-Length: 5', 'Content-Length: 6'],
        json,
      ),
    },
    {
      name: 'Content-Length and Transfer-Encoding (smuggling)',
      method: 'POST',
      url: registrations,
      bytes: request(
        'POST',
        registrations,
        ['Content-Type: application/json', `Content-Length: ${json.length}`, 'Transfer-Encoding: chunked'],
        `0\r\n\r\n${json}`,
      ),
    },
    {
      name: 'chunked with a bad chunk size',
      method: 'POST',
      url: registrations,
      bytes: request(
        'POST',
        registrations,
        ['Content-Type: application/json', 'Transfer-Encoding: chunked'],
        'zz\r\n{}\r\n0\r\n\r\n',
      ),
    },
    {
      name: 'chunked JSON',
      method: 'POST',
      url: registrations,
      template: '/api/v1/meetings/{id}/registrations',
      bytes: request(
        'POST',
        registrations,
        ['Content-Type: application/json', 'Transfer-Encoding: chunked'],
        `${json.length.toString(16)}\r\n${json}\r\n0\r\n\r\n`,
      ),
    },
    {
      name: 'Content-Length not a number',
      method: 'POST',
      url: registrations,
      bytes: request('POST', registrations, ['Content-Type: application/json', 'Content-Length: abc'], json),
    },
    {
      name: 'Content-Length negative',
      method: 'POST',
      url: registrations,
      bytes: request('POST', registrations, ['Content-Type: application/json', 'Content-Length: -1'], json),
    },
    {
      name: 'Content-Length larger than the body limit',
      method: 'POST',
      url: registrations,
      template: '/api/v1/meetings/{id}/registrations',
      bytes: request('POST', registrations, ['Content-Type: application/json', 'Content-Length: 99999999999'], json),
    },
    {
      name: 'Expect: 100-continue',
      method: 'POST',
      url: registrations,
      template: '/api/v1/meetings/{id}/registrations',
      bytes: withBody('POST', registrations, ['Content-Type: application/json', 'Expect: 100-continue'], json),
    },
    {
      name: 'Content-Encoding gzip on a body that is not gzip',
      method: 'POST',
      url: registrations,
      template: '/api/v1/meetings/{id}/registrations',
      bytes: withBody('POST', registrations, ['Content-Type: application/json', 'Content-Encoding: gzip'], json),
    },
    {
      name: 'a space in the path',
      method: 'GET',
      url: '/api/v1/meetings/a b',
      bytes: request('GET', '/api/v1/meetings/a b'),
    },
    {
      name: 'a raw NUL in the path',
      method: 'GET',
      url: '/api/v1/meetings/a\\0',
      bytes: request('GET', '/api/v1/meetings/a\u0000b'),
    },
    {
      name: 'raw UTF-8 bytes in the path',
      method: 'GET',
      url: '/api/v1/meetings/møde',
      template: '/api/v1/meetings/{id}',
      bytes: Buffer.concat([
        Buffer.from('GET /api/v1/meetings/m'),
        Buffer.from('ø', 'utf8'),
        Buffer.from('de HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      ]),
    },
    {
      name: 'invalid UTF-8 bytes in the path',
      method: 'GET',
      url: '/api/v1/meetings/\\xff',
      template: '/api/v1/meetings/{id}',
      bytes: Buffer.concat([
        Buffer.from('GET /api/v1/meetings/'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      ]),
    },
    {
      name: 'bad percent-encoding in the path',
      method: 'GET',
      url: '/api/v1/meetings/%E0%A4%A',
      template: '/api/v1/meetings/{id}',
      bytes: request('GET', '/api/v1/meetings/%E0%A4%A'),
    },
    {
      name: 'dot segments in the path',
      method: 'GET',
      url: '/api/v1/meetings/../../../secret.txt',
      bytes: request('GET', '/api/v1/meetings/../../../secret.txt'),
    },
    {
      name: 'encoded dot segments to the static files',
      method: 'GET',
      url: '/assets/%2e%2e/%2e%2e/secret.txt',
      bytes: request('GET', '/assets/%2e%2e/%2e%2e/secret.txt'),
    },
    {
      name: 'backslash dot segments',
      method: 'GET',
      url: '/assets/..\\..\\secret.txt',
      bytes: request('GET', '/assets/..\\..\\secret.txt'),
    },
    {
      name: 'absolute-form target',
      method: 'GET',
      url: 'http://evil.example/api/health',
      bytes: request('GET', 'http://evil.example/api/health'),
    },
    { name: 'asterisk-form target', method: 'OPTIONS', url: '*', bytes: request('OPTIONS', '*') },
    {
      name: 'no Host header',
      method: 'GET',
      url: '/api/health',
      bytes: Buffer.from('GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n'),
    },
    {
      name: 'two Host headers',
      method: 'GET',
      url: '/api/health',
      bytes: request('GET', '/api/health', ['Host: evil.example']),
    },
    {
      name: 'HTTP/1.0 without Host',
      method: 'GET',
      url: '/api/health',
      bytes: Buffer.from('GET /api/health HTTP/1.0\r\n\r\n'),
    },
    { name: 'unknown method', method: 'FUZZ', url: '/api/health', bytes: request('FUZZ', '/api/health') },
    { name: 'lower-case method', method: 'get', url: '/api/health', bytes: request('get', '/api/health') },
    {
      name: 'a header name with a space',
      method: 'GET',
      url: '/api/health',
      bytes: request('GET', '/api/health', ['Bad Header: x']),
    },
    {
      name: 'a NUL in a header value',
      method: 'GET',
      url: '/api/health',
      bytes: request('GET', '/api/health', ['X-Registration-Token: a\u0000b']),
    },
    {
      name: 'obsolete line folding',
      method: 'GET',
      url: '/api/health',
      bytes: request('GET', '/api/health', ['X-Folded: a', ' b']),
    },
    {
      name: 'a bare LF line ending',
      method: 'GET',
      url: '/api/health',
      bytes: Buffer.from('GET /api/health HTTP/1.1\nHost: x\n\n'),
    },
    {
      name: 'UTF-8 bytes in X-Registration-Token',
      method: 'GET',
      url: '/api/v1/registrations/…',
      template: '/api/v1/registrations/{id}',
      bytes: Buffer.concat([
        Buffer.from(
          'GET /api/v1/registrations/00000000-0000-4000-8000-000000000000 HTTP/1.1\r\nHost: x\r\nX-Registration-Token: t',
        ),
        Buffer.from('øken😀', 'utf8'),
        Buffer.from('\r\nConnection: close\r\n\r\n'),
      ]),
    },
    {
      name: 'Idempotency-Key with UTF-8 bytes',
      method: 'POST',
      url: registrations,
      template: '/api/v1/meetings/{id}/registrations',
      bytes: Buffer.concat([
        Buffer.from(`POST ${registrations} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: `),
        Buffer.from('nøgle🔑', 'utf8'),
        Buffer.from(`\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`),
      ]),
    },
    {
      name: 'two Idempotency-Key headers',
      method: 'POST',
      url: registrations,
      template: '/api/v1/meetings/{id}/registrations',
      bytes: withBody(
        'POST',
        registrations,
        ['Content-Type: application/json', 'Idempotency-Key: a', 'Idempotency-Key: b'],
        json,
      ),
    },
    {
      name: 'two X-Registration-Token headers',
      method: 'GET',
      url: '/api/v1/registrations/…',
      template: '/api/v1/registrations/{id}',
      bytes: request('GET', '/api/v1/registrations/00000000-0000-4000-8000-000000000000', [
        'X-Registration-Token: a',
        'X-Registration-Token: b',
      ]),
    },
    {
      name: 'pipelined: a good request, then garbage',
      method: 'GET',
      url: '/api/health',
      bytes: Buffer.from('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n'),
    },
    {
      name: 'HTTP/2 preface on HTTP/1.1',
      method: 'PRI',
      url: '*',
      bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
    },
    {
      name: 'TLS ClientHello on plain HTTP',
      method: 'TLS',
      url: '',
      bytes: Buffer.from('16030100a5010000a10303', 'hex'),
    },
    { name: 'not HTTP at all', method: 'JUNK', url: '', bytes: Buffer.from('\u0000\u0001\u0002 hello\r\n\r\n') },
  ];
  return cases;
}

import FormData from 'form-data';
import { MultipartError, multipartBoundary, parseMultipart } from '../zoom-simulator';

describe('Zoom simulator: multipart/form-data parser', () => {
  it('reads the fields form-data writes', () => {
    const form = new FormData();
    form.append('action', 'start');
    form.append('settings', '{"layout":"follow_host"}');

    const boundary = multipartBoundary(form.getHeaders()['content-type'] as string);
    const parts = parseMultipart(form.getBuffer(), boundary ?? '');

    expect(parts).toEqual([
      { name: 'action', value: 'start' },
      { name: 'settings', value: '{"layout":"follow_host"}' },
    ]);
  });

  it('reads a quoted boundary, a preamble, a file part and values containing CRLF', () => {
    const body = [
      'preamble to ignore',
      '--b-1',
      'Content-Disposition: form-data; name="action"',
      '',
      'stop',
      '--b-1',
      'Content-Disposition: form-data; name="notes"; filename="n.txt"',
      'Content-Type: text/plain',
      '',
      'line one\r\nline two',
      '--b-1--',
      '',
    ].join('\r\n');

    const boundary = multipartBoundary('multipart/form-data; boundary="b-1"');
    const parts = parseMultipart(Buffer.from(body), boundary ?? '');

    expect(boundary).toBe('b-1');
    expect(parts).toEqual([
      { name: 'action', value: 'stop' },
      { name: 'notes', filename: 'n.txt', contentType: 'text/plain', value: 'line one\r\nline two' },
    ]);
  });

  it.each([
    ['no closing boundary', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n'],
    ['a part without headers', '--b\r\nx\r\n--b--'],
    ['a part without a name', '--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--'],
  ])('rejects %s', (_, body) => {
    expect(() => parseMultipart(Buffer.from(body), 'b')).toThrow(MultipartError);
  });

  it('finds no boundary in a content type without one', () => {
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
  });
});

import { authorizeUrl, qwcUrl } from 'c/relayLinks';

describe('relayLinks', () => {
  it('builds the .qwc and authorize links under the relay URL', () => {
    expect(qwcUrl('https://relay.example.com/', 'acme desktop')).toBe(
      'https://relay.example.com/qbwc/qwc?connection=acme+desktop',
    );
    expect(authorizeUrl('https://relay.example.com/base?x=1#h', 'acme-online')).toBe(
      'https://relay.example.com/base/qbo/connect?connection=acme-online',
    );
    expect(qwcUrl('http://localhost:8080', null)).toBe('http://localhost:8080/qbwc/qwc');
  });

  it('refuses missing, malformed, plain-http or script URLs', () => {
    expect(qwcUrl(null, 'k')).toBeNull();
    expect(qwcUrl('not a url', 'k')).toBeNull();
    expect(qwcUrl('http://relay.example.com', 'k')).toBeNull();
    expect(authorizeUrl(['javascript', 'alert(1)'].join(':'), 'k')).toBeNull();
  });
});

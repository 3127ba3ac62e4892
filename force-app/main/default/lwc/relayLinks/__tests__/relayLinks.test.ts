import { connectLink, qwcUrl } from 'c/relayLinks';

describe('relayLinks', () => {
  it('builds the .qwc link under the relay URL', () => {
    expect(qwcUrl('https://relay.example.com/', 'acme desktop')).toBe(
      'https://relay.example.com/qbwc/qwc?connection=acme+desktop',
    );
    expect(qwcUrl('http://localhost:8080', null)).toBe('http://localhost:8080/qbwc/qwc');
  });

  it('takes a one-time connect link the relay answered, under any relay path', () => {
    expect(connectLink('https://relay.example.com/base/qbo/connect?token=t0k3n')).toBe(
      'https://relay.example.com/base/qbo/connect?token=t0k3n',
    );
    expect(connectLink('http://localhost:8080/qbo/connect?token=abc')).toBe(
      'http://localhost:8080/qbo/connect?token=abc',
    );
  });

  it('refuses missing, malformed, plain-http or script URLs, and text that is not a connect link', () => {
    expect(qwcUrl(null, 'k')).toBeNull();
    expect(qwcUrl('not a url', 'k')).toBeNull();
    expect(qwcUrl('http://relay.example.com', 'k')).toBeNull();
    expect(connectLink(['javascript', 'alert(1)'].join(':'))).toBeNull();
    expect(connectLink('http://relay.example.com/qbo/connect?token=abc')).toBeNull();
    expect(connectLink('https://relay.example.com/qbo/connect')).toBeNull();
    expect(connectLink('https://relay.example.com/qbwc/qwc?token=abc')).toBeNull();
    expect(connectLink('QuickBooks Online is not set up on this relay: set QBO_CLIENT_ID.')).toBeNull();
    expect(connectLink(null)).toBeNull();
  });
});

import { escapeXml, toLatin1, unescapeXml } from './charset.ts';

describe('toLatin1', () => {
  it.each([
    ['Café Zoë Ångström', 'Café Zoë Ångström'],
    ['“Quoted” ‘single’ – em—dash…', '"Quoted" \'single\' - em-dash...'],
    ['Nguyễn Văn Ă', 'Nguyen Van A'],
    ['Łódź Œuvre ™ €', 'Lódz OEuvre (TM) EUR'],
    ['tab\tnew\nline', 'tab\tnew\nline'],
    ['bell\u0007zero\u200bwidth', 'bellzerowidth'],
  ])('transliterates %j', (input, expected) => {
    expect(toLatin1(input, 'F')).toEqual({ ok: true, value: expected });
  });

  it.each(['東京', 'Привет', '😀'])('refuses %j with a message naming the field', (input) => {
    expect(toLatin1(input, 'CustomerAdd/Name')).toMatchObject({
      ok: false,
      error: { code: 'qbxml_not_latin1', message: expect.stringContaining('CustomerAdd/Name') },
    });
  });

  it('refuses anything outside Latin-1 in reject mode, but keeps Latin-1', () => {
    expect(toLatin1('a – b', 'F', 'reject').ok).toBe(false);
    expect(toLatin1('Müller', 'F', 'reject')).toEqual({ ok: true, value: 'Müller' });
  });
});

describe('escapeXml / unescapeXml', () => {
  it('round-trips the five special characters', () => {
    const text = `Tom & "Jerry's" <shop>`;
    expect(escapeXml(text)).toBe('Tom &amp; &quot;Jerry&apos;s&quot; &lt;shop&gt;');
    expect(unescapeXml(escapeXml(text))).toBe(text);
  });

  it('decodes character references but never other entities', () => {
    expect(unescapeXml('&#233;&#xE9;&lol;&amp;lt;')).toBe('éé&lol;&lt;');
  });
});

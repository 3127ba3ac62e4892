/**
 * @module
 * Reading a .qwc file the way the Web Connector does when an admin adds an application.
 */

export interface QwcSettings {
  readonly appUrl: string;
  readonly username: string;
  readonly ownerId: string;
  readonly fileId: string;
  readonly runEveryMinutes: number | undefined;
}

const field = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();

/** @example readQwc(fs.readFileSync('ledgerbridge-acme.qwc', 'utf8')) */
export function readQwc(xml: string): QwcSettings {
  const get = (name: string) => {
    const v = field(xml, name);
    if (v === undefined) throw new Error(`QBWC1039: the .qwc file has no <${name}>`);
    return v;
  };
  const minutes = field(xml, 'RunEveryNMinutes');
  return {
    appUrl: get('AppURL'),
    username: get('UserName'),
    ownerId: get('OwnerID'),
    fileId: get('FileID'),
    runEveryMinutes: minutes === undefined ? undefined : Number(minutes),
  };
}

/**
 * @module
 * The sign-in's throwaway certificate: self-signed for 127.0.0.1 and localhost, made at start
 * (`selfsigned`), and written to a temporary PEM file a relay process can trust through
 * `NODE_EXTRA_CA_CERTS` (msal-node refuses an authority over plain http).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface Certificate {
  readonly key: string;
  readonly cert: string;
  /** A file holding `cert`, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  /** Removes the file. */
  remove(): void;
}

export async function throwawayCertificate(): Promise<Certificate> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 7 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dataverse-sim-'));
  const caFile = path.join(dir, 'authority.pem');
  fs.writeFileSync(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

import { Duplex, PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';

// Backups leave the host encrypted with age (https://age-encryption.org, FiloSottile's typage): to the operator's
// recipient (BACKUP_RECIPIENT=age1...), whose identity (secret key) stays with the operator. The age format
// authenticates every 64 KiB chunk and the end of the file, so an altered or cut backup fails to decrypt.

/** A refusal the CLI prints as is (wrong key, altered file). */
export class BackupCryptoError extends Error {}

export const RECIPIENT_PATTERN = /^age1[02-9ac-hj-np-z]{58}$/;
export const IDENTITY_PATTERN = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;

/** A new identity (keep it secret, offline) and the recipient to give Tribune. */
export async function generateKeyPair(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The identities of an identity file as age writes it (`# comments`, one AGE-SECRET-KEY-1... a line). */
export function parseIdentities(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .filter((l) => IDENTITY_PATTERN.test(l));
}

/** A stream that encrypts what is written to it to every recipient, read from its other end; nothing is buffered whole. */
export async function encryptingStream(recipients: string[]): Promise<Duplex> {
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  const input = new PassThrough();
  const encrypted = await e.encrypt(Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>);
  // Node accepts a pair of its own streams here; its types only name the web ones.
  const pair = { writable: input, readable: Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>) };
  return Duplex.from(pair as unknown as Parameters<typeof Duplex.from>[0]);
}

/**
 * The plaintext of an encrypted stream. Refuses at once (BackupCryptoError) when no identity opens the header;
 * a chunk that fails authentication later makes the returned stream fail with a BackupCryptoError.
 */
export async function decryptingStream(source: Readable, identities: string[]): Promise<Readable> {
  const d = new Decrypter();
  for (const i of identities) d.addIdentity(i);
  let plain: ReadableStream<Uint8Array>;
  try {
    plain = await d.decrypt(Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>);
  } catch (err) {
    source.destroy();
    const message = err instanceof Error ? err.message : String(err);
    if (/no identity matched/.test(message))
      throw new BackupCryptoError(
        'This backup is encrypted to another key: none of the given identities opens it. Set BACKUP_IDENTITY (or pass --identity FILE) to the identity whose recipient was BACKUP_RECIPIENT when the backup was written.',
      );
    throw new BackupCryptoError(`This backup cannot be decrypted (${message}): it is not an age-encrypted Tribune backup, or it was altered.`);
  }
  const out = Readable.fromWeb(plain as unknown as WebReadableStream<Uint8Array>);
  // The web stream's errors carry age's terse text; say what it means.
  const wrapped = new PassThrough();
  out.on('error', (err) =>
    wrapped.destroy(
      new BackupCryptoError(`The backup failed authentication (${err.message}): it was altered or damaged after it was written. Use another backup.`),
    ),
  );
  source.on('error', (err) => wrapped.destroy(err));
  out.pipe(wrapped);
  return wrapped;
}

/** Whether a file starts like an age-encrypted file (binary header). */
export function looksEncrypted(head: Buffer): boolean {
  return head.subarray(0, 21).toString('latin1') === 'age-encryption.org/v1';
}

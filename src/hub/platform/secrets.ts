import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The SHA-256 of a secret (hex): what is stored of a token that travels to a person by email or in a link. */
export function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new secret for a link (32 random bytes, base64url) and its stored digest. */
export function newSecret(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: digest(token) };
}

/**
 * A link that names a row and proves it was made here: `<id>.<HMAC-SHA-256 of purpose, id and nonce>`, under the hub's
 * link key. Nothing is stored, so the database (and its exports) holds no live link; changing the nonce revokes it.
 */
export function signedToken(key: Buffer, purpose: string, id: string, nonce = ''): string {
  return `${id}.${createHmac('sha256', key).update(`${purpose}\n${id}\n${nonce}`).digest('base64url')}`;
}

/** The id a signed link names, if its signature holds for the nonce the id has now (`nonceOf`), else null. */
export async function verifySignedToken(key: Buffer, purpose: string, token: string, nonceOf: (id: string) => Promise<string | null> = async () => ''): Promise<string | null> {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || token.length > 300) return null;
  const id = token.slice(0, dot);
  const nonce = await nonceOf(id);
  if (nonce === null) return null;
  const want = Buffer.from(signedToken(key, purpose, id, nonce));
  const got = Buffer.from(token);
  return want.length === got.length && timingSafeEqual(want, got) ? id : null;
}

import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One answer the page serves from memory: the bytes, compressed once, with its validator and caching rules. */
export interface Resource {
  type: string;
  body: Buffer;
  /** The body compressed, made at the first request that accepts it and kept. */
  encoded(encoding: 'br' | 'gzip'): Buffer;
  /** A strong validator: the hash of the bytes. */
  etag: string;
  cacheControl: string;
  /** Readable from any origin (the JSON, the feeds, the banner script): public data, no credentials. */
  cors: boolean;
  status: number;
}

export interface ResourceOptions {
  cacheControl: string;
  cors?: boolean;
  status?: number;
}

/**
 * Compresses once per encoding, at the first request that wants it (a publication may hold hundreds of pages that are
 * rarely read), so a request costs a lookup and a write.
 */
export function resource(type: string, content: string | Buffer, options: ResourceOptions): Resource {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const made: { br?: Buffer; gzip?: Buffer } = {};
  return {
    type,
    body,
    encoded: (encoding) =>
      (made[encoding] ??=
        encoding === 'gzip'
          ? gzipSync(body, { level: 9 })
          : brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    cacheControl: options.cacheControl,
    cors: options.cors ?? false,
    status: options.status ?? 200,
  };
}

/** Whether an `If-None-Match` header names this ETag (a list, weak forms, or `*`). */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

/** The encoding to send for an `Accept-Encoding` header: brotli, gzip, or none (q=0 honoured). */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const wants = (name: string) => (accepted.get(name) ?? (accepted.has('*') ? accepted.get('*')! : 0)) > 0;
  if (wants('br')) return 'br';
  if (wants('gzip')) return 'gzip';
  return null;
}

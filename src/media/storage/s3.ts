import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ConfigError } from '../../config/config.js';
import { contentTypeOfKey } from './local.js';
import { type ByteRange, isMediaKey, type MediaStorage } from './storage.js';

export interface S3StorageOptions {
  bucket: string;
  /** MinIO, Garage, Ceph...: their URL. Unset: AWS in `region`. */
  endpoint?: string;
  region: string;
  /** Unset: the AWS SDK's default chain (environment, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `host/bucket/key` rather than `bucket.host/key`: what MinIO and Garage expect. */
  forcePathStyle: boolean;
  /** Attempts per request, the first included (the SDK's backoff between them). */
  maxAttempts?: number;
  /** A connection that sends nothing for this long is dropped and retried. */
  requestTimeoutMs?: number;
  /** Keys per ListObjectsV2 page (S3's most is 1000; tests use fewer to cross pages). */
  listPageSize?: number;
}

// Content-addressed keys never change content: a browser or CDN may keep a file for a year without asking again.
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/**
 * Media in an S3-compatible bucket (AWS, MinIO, Garage). The bucket is checked once here: a missing bucket, refused
 * credentials or an unreachable endpoint stop the start with a message saying which variable to fix.
 */
export async function createS3Storage(opts: S3StorageOptions): Promise<MediaStorage> {
  const client = new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle,
    credentials: opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
    maxAttempts: opts.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: opts.requestTimeoutMs ?? 30_000 },
    // Checksums only where S3 requires them: several S3-compatible servers refuse the SDK's newer default trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = opts.bucket;
  try {
    await client.send(new HeadBucketCommand({ Bucket }));
  } catch (err) {
    client.destroy();
    throw new ConfigError(startupProblem(err, opts));
  }

  const keyOf = (key: string) => {
    if (!isMediaKey(key)) throw new Error(`not a media key: ${key}`);
    return key;
  };
  const getObject = async (key: string, range?: ByteRange) => {
    try {
      return await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  };
  return {
    kind: 's3',
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket, Key: keyOf(key), Body: body, ContentLength: body.length, ContentType: contentType, CacheControl: IMMUTABLE_CACHE }),
      );
    },
    async get(key) {
      const object = await getObject(key);
      return object?.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
    },
    async stream(key, range) {
      const object = await getObject(key, range);
      if (!object?.Body) return null;
      return {
        // In Node the SDK's body is an http.IncomingMessage, a Readable.
        body: object.Body as Readable,
        size: object.ContentLength ?? 0,
        contentType: object.ContentType ?? contentTypeOfKey(key),
      };
    },
    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(key) }));
        return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? contentTypeOfKey(key) };
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async delete(key) {
      // S3 answers 204 whether or not the key existed.
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
    },
    async *list() {
      for await (const page of paginateListObjectsV2({ client, pageSize: opts.listPageSize ?? 1000 }, { Bucket })) {
        for (const object of page.Contents ?? []) if (object.Key && isMediaKey(object.Key)) yield object.Key;
      }
    },
    async close() {
      client.destroy();
    },
  };
}

function isMissing(err: unknown): boolean {
  return err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);
}

/** What went wrong when the bucket was checked, and which variable to fix. */
export function startupProblem(err: unknown, opts: Pick<S3StorageOptions, 'bucket' | 'endpoint' | 'region'>): string {
  const where = opts.endpoint ? `at ${opts.endpoint}` : `on AWS (${opts.region})`;
  const head = `MEDIA_STORAGE=s3: the bucket "${opts.bucket}" ${where}`;
  if (err instanceof S3ServiceException) {
    const status = err.$metadata.httpStatusCode;
    if (status === 404 || err.name === 'NoSuchBucket')
      return `${head} does not exist. Create it (mc mb, garage bucket create, aws s3 mb) or fix S3_BUCKET, then start again.`;
    if (status === 403 || status === 401 || /AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|Forbidden/.test(err.name))
      return `${head} refused the credentials (${status} ${err.name}). Check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, and that this key may read and write the bucket.`;
    if (status === 301 || err.name === 'PermanentRedirect' || /region/i.test(err.message))
      return `${head} is in another region than S3_REGION=${opts.region}. Set S3_REGION to the bucket's region.`;
    return `${head} could not be checked: ${status ?? ''} ${err.name}: ${err.message}. Check S3_ENDPOINT, S3_REGION and S3_FORCE_PATH_STYLE.`;
  }
  const code = (err as NodeJS.ErrnoException)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNRESET' || /timed? ?out/i.test(message))
    return `${head} cannot be reached (${code ?? message}). Check S3_ENDPOINT and that the storage server is running.`;
  if (/credential/i.test(message)) return `${head} cannot be used without credentials (${message}). Set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.`;
  return `${head} could not be checked: ${message}. Check S3_ENDPOINT, S3_REGION and S3_FORCE_PATH_STYLE.`;
}

import { spawnSync } from 'node:child_process';
import { startS3Server } from '../tests/helpers/s3-server.js';

// The media suite against S3: a local S3 server (s3rver) with a fresh bucket, its variables in the environment
// (tests/media/media-server.ts reads them), one file at a time since the files count what the bucket holds.
//   npx tsx scripts/test-media-s3.ts [vitest arguments, default tests/media]
const s3 = await startS3Server();
const args = process.argv.slice(2);
const run = spawnSync('npx', ['vitest', 'run', '--project', 'sqlite', '--no-file-parallelism', ...(args.length ? args : ['tests/media'])], {
  stdio: 'inherit',
  env: { ...process.env, ...s3.env },
});
await s3.stop();
process.exit(run.status ?? 1);

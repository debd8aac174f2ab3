import type { AppContext } from '../context.js';
import type { HashMatch } from './hash-lists/matcher.js';
import { type ProcessedVideo, processVideo } from './video/process-video.js';

// What uploads call in the video area (src/media/video): making a video or an animated GIF into an H.264 MP4 with a
// poster frame, and matching its frames against the hash lists. One seam, so tests and the job share it.

export interface VideoProcessor {
  processVideo: typeof processVideo;
  matchVideoFrames(ctx: AppContext, frameHashes: ProcessedVideo['frameHashes']): Promise<HashMatch | null>;
}

export const videoProcessor: VideoProcessor | null = {
  processVideo,
  // The video area's frame matcher is not in yet: until it is, video frames are not matched (docs/media.md).
  matchVideoFrames: async () => null,
};

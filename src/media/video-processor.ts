import { matchVideoFrames } from './hash-lists/matcher.js';
import { processVideo } from './video/process-video.js';

// What uploads call in the video area (src/media/video): making a video or an animated GIF into an H.264 MP4 with a
// poster frame, and matching its frames against the hash lists. A service of the context (ctx.videoProcessor), so a
// test passes or wraps a stand-in there.

export interface VideoProcessor {
  processVideo: typeof processVideo;
  matchVideoFrames: typeof matchVideoFrames;
}

export function createVideoProcessor(): VideoProcessor {
  return { processVideo, matchVideoFrames };
}

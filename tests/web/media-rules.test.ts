import { describe, expect, it } from 'vitest';
import { admitFiles, canAttachMore, focusPosition, type MediaLimits, mediaLimits, missingAlt, postBlocker } from '../../web/src/lib/media-rules.js';

// The composer's rules, from the instance document the server sends (the web app's browser tests drive the rest).
const instance = {
  configuration: {
    statuses: { max_media_attachments: 4 },
    media_attachments: {
      supported_mime_types: ['image/png', 'image/jpeg', 'image/gif', 'video/mp4', 'audio/mpeg'],
      image_size_limit: 10 * 1024 * 1024,
      video_size_limit: 40 * 1024 * 1024,
      description_limit: 1500,
    },
  },
};
const limits = mediaLimits(instance) as MediaLimits;
const file = (name: string, type: string, size = 1000) => ({ name, type, size });

describe('the composer’s media rules', () => {
  it('reads the limits from the instance document, and none when the server lists no type', () => {
    expect(limits).toEqual({
      mimeTypes: instance.configuration.media_attachments.supported_mime_types,
      imageSizeLimit: 10 * 1024 * 1024,
      videoSizeLimit: 40 * 1024 * 1024,
      maxAttachments: 4,
      descriptionLimit: 1500,
    });
    expect(mediaLimits({ configuration: { media_attachments: { supported_mime_types: [] } } })).toBeNull();
    expect(mediaLimits({})).toBeNull();
  });

  it('takes up to four images, refusing the fifth', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((n) => file(`${n}.png`, 'image/png'));
    const { accepted, refused } = admitFiles([], five, limits);
    expect(accepted.map((f) => f.name)).toEqual(['a.png', 'b.png', 'c.png', 'd.png']);
    expect(refused).toEqual([{ file: 'e.png', reason: 'count', max: 4 }]);
    expect(canAttachMore(['image', 'image', 'image'], limits)).toBe(true);
    expect(canAttachMore(['image', 'image', 'image', 'image'], limits)).toBe(false);
  });

  it('lets a video or a sound go alone, as Mastodon’s web app does', () => {
    expect(admitFiles(['image'], [file('v.mp4', 'video/mp4')], limits).refused).toEqual([{ file: 'v.mp4', reason: 'alone' }]);
    expect(admitFiles(['video'], [file('a.png', 'image/png')], limits).refused).toEqual([{ file: 'a.png', reason: 'alone' }]);
    const both = admitFiles([], [file('v.mp4', 'video/mp4'), file('s.mp3', 'audio/mpeg')], limits);
    expect(both.accepted.map((f) => f.name)).toEqual(['v.mp4']);
    expect(both.refused).toEqual([{ file: 's.mp3', reason: 'alone' }]);
    expect(canAttachMore(['video'], limits)).toBe(false);
    // A GIF is an image here (the server makes it a looping gifv).
    expect(admitFiles(['image'], [file('g.gif', 'image/gif')], limits).accepted).toHaveLength(1);
  });

  it('refuses a type the server does not list, and a file over its kind’s size limit', () => {
    const { accepted, refused } = admitFiles(
      [],
      [file('x.svg', 'image/svg+xml'), file('big.png', 'image/png', 11 * 1024 * 1024), file('v.mp4', 'video/mp4', 11 * 1024 * 1024)],
      limits,
    );
    expect(refused).toEqual([
      { file: 'x.svg', reason: 'type' },
      { file: 'big.png', reason: 'size', limitMb: 10 },
    ]);
    expect(accepted.map((f) => f.name)).toEqual(['v.mp4']);
  });

  it('blocks Post while an upload runs or after one failed, and counts attachments without alt text', () => {
    const d = (state: 'uploading' | 'processing' | 'ready' | 'failed', description = '') => ({ state, description });
    expect(postBlocker([d('ready'), d('ready')])).toBeNull();
    expect(postBlocker([d('ready'), d('uploading')])).toBe('uploading');
    expect(postBlocker([d('processing')])).toBe('uploading');
    expect(postBlocker([d('uploading'), d('failed')])).toBe('failed');
    expect(missingAlt([d('ready', 'a cat'), d('ready', '  '), d('uploading')])).toBe(2);
  });

  it('turns Mastodon’s focal point into a CSS position', () => {
    expect(focusPosition({ x: 0, y: 0 })).toBe('50% 50%');
    expect(focusPosition({ x: -1, y: 1 })).toBe('0% 0%');
    expect(focusPosition({ x: 0.5, y: -0.5 })).toBe('75% 75%');
    expect(focusPosition({ x: 3, y: -3 })).toBe('100% 100%');
    expect(focusPosition(null)).toBeUndefined();
  });
});

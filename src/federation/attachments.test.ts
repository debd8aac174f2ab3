import { Create, Note } from '@fedify/fedify';
import { describe, expect, it } from 'vitest';
import { remoteMediaOf } from './attachments.js';

// Shaped as Mastodon federates a Note's attachments (https://docs.joinmastodon.org/spec/activitypub/#as).
const context = [
  'https://www.w3.org/ns/activitystreams',
  { toot: 'http://joinmastodon.org/ns#', blurhash: 'toot:blurhash', focalPoint: { '@container': '@list', '@id': 'toot:focalPoint' } },
];
const noteJson = {
  id: 'https://mastodon.example/users/x/statuses/1',
  type: 'Note',
  content: '<p>hi</p>',
  attachment: [
    {
      type: 'Document',
      mediaType: 'image/jpeg',
      url: 'https://files.mastodon.example/media/1.jpg',
      name: 'a dog',
      blurhash: 'UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH',
      focalPoint: [-0.5, 0.25],
      width: 640,
      height: 480,
    },
    { type: 'Link', href: 'https://elsewhere.example/' },
    { type: 'Document', mediaType: 'video/mp4', url: 'ftp://files.mastodon.example/2.mp4' },
    { type: 'Video', mediaType: 'video/mp4', url: 'https://files.mastodon.example/media/3.mp4' },
  ],
};
const loader = { documentLoader: async () => Promise.reject(new Error('nothing is fetched')) };

describe('remote attachments', () => {
  const expected = [
    {
      type: 'image',
      remoteUrl: 'https://files.mastodon.example/media/1.jpg',
      contentType: 'image/jpeg',
      description: 'a dog',
      blurhash: 'UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH',
      meta: JSON.stringify({ original: { width: 640, height: 480, size: '640x480', aspect: 640 / 480 }, focus: { x: -0.5, y: 0.25 } }),
    },
    { type: 'video', remoteUrl: 'https://files.mastodon.example/media/3.mp4', contentType: 'video/mp4', description: null, blurhash: null, meta: null },
  ];

  it("reads url, type, alt text, size, Mastodon's blurhash and focalPoint, and skips what is not an http(s) file", async () => {
    const note = await Note.fromJsonLd({ '@context': context, ...noteJson });
    expect(await remoteMediaOf(loader, note)).toEqual(expected);
  });

  it('reads them the same from a Note inside a Create, as an inbox receives it', async () => {
    const create = await Create.fromJsonLd({
      '@context': context,
      id: `${noteJson.id}/activity`,
      type: 'Create',
      actor: 'https://mastodon.example/users/x',
      object: noteJson,
    });
    const note = await create.getObject(loader);
    expect(note).toBeInstanceOf(Note);
    expect(await remoteMediaOf(loader, note as Note, create)).toEqual(expected);
  });
});

// The statuses area's public face for routes and other areas; each concern lives in its own file. Files inside
// the area import those files directly, never this one, so that re-exporting them here makes no import cycle.
export { deleteStatus, purge } from './deleting.js';
export { reblogStatus, unreblogStatus } from './echoes.js';
export { type EditInput, editStatus } from './editing.js';
export { publishHeldStatus } from './lifecycle.js';
export { type CheckedPost, checkNewPost, createStatus, type PostInput } from './posting.js';
export { revokeQuote, setQuotePolicy } from './quotes.js';
export { getActionable, getOwnStatus, getVisibleStatus } from './status-access.js';

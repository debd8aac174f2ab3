// The shield's public surface for other areas.

export { shieldAfterAuth, shieldBeforeAuth } from './middleware.js';
export { createShield, type Shield } from './shield.service.js';
export { checkSignInAllowed, recordSignInFailure, recordSignInSuccess, type SignInVerdict } from './sign-in.js';

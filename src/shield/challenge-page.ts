// The page a browser gets in under-attack mode: it solves the proof of work and posts it back.
// The solver is plain JavaScript (crypto.subtle is missing on plain-HTTP origins, and one hash per
// call would be slow), shared verbatim with the tests and the benchmark.

/** Defines tribuneSolve(seed, difficulty) -> counter (a decimal string). The input must fit one SHA-256 block. */
export const SOLVER_SOURCE = `function tribuneSolve(seed, difficulty) {
  var K = [0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2];
  var W = new Int32Array(64);
  var mask = difficulty >= 32 ? -1 : ~(-1 >>> difficulty);
  for (var n = 0; n < 1e12; n++) {
    var msg = seed + n, len = msg.length, i, t1, t2;
    for (i = 0; i < 16; i++) W[i] = 0;
    for (i = 0; i < len; i++) W[i >> 2] |= (msg.charCodeAt(i) & 255) << (24 - (i & 3) * 8);
    W[len >> 2] |= 0x80 << (24 - (len & 3) * 8);
    W[15] = len * 8;
    for (i = 16; i < 64; i++) {
      var a0 = W[i - 15], a1 = W[i - 2];
      W[i] = (((a0 >>> 7) | (a0 << 25)) ^ ((a0 >>> 18) | (a0 << 14)) ^ (a0 >>> 3)) + W[i - 16] + (((a1 >>> 17) | (a1 << 15)) ^ ((a1 >>> 19) | (a1 << 13)) ^ (a1 >>> 10)) + W[i - 7] | 0;
    }
    var a = 0x6a09e667, b = 0xbb67ae85, c = 0x3c6ef372, d = 0xa54ff53a, e = 0x510e527f, f = 0x9b05688c, g = 0x1f83d9ab, h = 0x5be0cd19;
    for (i = 0; i < 64; i++) {
      t1 = h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + W[i] | 0;
      t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c)) | 0;
      h = g; g = f; f = e; e = d + t1 | 0; d = c; c = b; b = a; a = t1 + t2 | 0;
    }
    if (((a + 0x6a09e667) & mask) === 0 && (difficulty <= 32)) return String(n);
  }
  return '';
}`;

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export interface ChallengePageInput {
  token: string;
  seed: string;
  difficulty: number;
  returnTo: string;
  instanceTitle: string;
  /** The inline script's nonce, named by the page's Content-Security-Policy. */
  nonce: string;
}

export function challengePage(p: ChallengePageInput): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>One moment - ${esc(p.instanceTitle)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}p.small{color:#666;font-size:.9em}</style>
</head><body>
<h1>${esc(p.instanceTitle)} is under heavy load</h1>
<p id="status">Your browser is doing a small calculation to show it is not part of the attack. This takes about a second.</p>
<noscript><p><strong>This check needs JavaScript.</strong> The server is defending itself against a flood of requests.
Pages that were read recently are still shown without it, and the API and feeds work as usual. Please try again in a few minutes.</p></noscript>
<form id="clearance" method="post" action="/_shield/clearance">
<input type="hidden" name="challenge" value="${esc(p.token)}">
<input type="hidden" name="counter" value="">
<input type="hidden" name="return_to" value="${esc(p.returnTo)}">
</form>
<p class="small">No data about you is collected by this check.</p>
<script nonce="${esc(p.nonce)}">
${SOLVER_SOURCE}
(function () {
  var form = document.getElementById('clearance');
  setTimeout(function () {
    form.counter.value = tribuneSolve(${JSON.stringify(p.seed)}, ${p.difficulty});
    form.submit();
  }, 10);
})();
</script>
</body></html>`;
}

export function explanationPage(title: string, heading: string, message: string, link?: { href: string; text: string }): string {
  const more = link ? `<p><a href="${esc(link.href)}">${esc(link.text)}</a></p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(heading)} - ${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
</head><body><h1>${esc(heading)}</h1><p>${esc(message)}</p>${more}</body></html>`;
}

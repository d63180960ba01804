// Preloaded with `node --require`: sends requests for Greenhouse's Job Board API host to the
// app under test (GREENHOUSE_API_BASE, e.g. http://localhost:8123). Only the scheme and host
// change; path and query stay as the client wrote them. Any other host is refused, so a
// client can never reach the internet from a test.
"use strict";
const GREENHOUSE = "https://boards-api.greenhouse.io";
const target = process.env.GREENHOUSE_API_BASE;
if (!target) throw new Error("GREENHOUSE_API_BASE is not set");
const realFetch = globalThis.fetch;
globalThis.requested = [];
globalThis.fetch = (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (!url.startsWith(GREENHOUSE + "/")) throw new Error(`unexpected request to ${url}`);
  const redirected = target + url.slice(GREENHOUSE.length);
  globalThis.requested.push(redirected.slice(target.length));
  return realFetch(redirected, init);
};

import { useEffect } from "react";

// The server sends each public page's content in its first response, outside React's
// tree; CSS hides it once the live page renders its own. This then removes it and its
// head tags, so a later client-side navigation cannot show them again.
export function FirstResponseDone() {
  useEffect(() => {
    document
      .querySelectorAll("body > .first-response, [data-first-response]")
      .forEach((el) => el.remove());
  }, []);
  return null;
}

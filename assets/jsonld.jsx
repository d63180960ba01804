import { useEffect } from "react";

// Puts one <script type="application/ld+json"> into <head> while mounted.
// The text is JSON produced by the server with <, > and & escaped, so it cannot
// close the element; it is never executed by the browser.
export function JsonLdHead({ json }) {
  useEffect(() => {
    if (!json) return undefined;
    const el = document.createElement("script");
    el.type = "application/ld+json";
    el.text = json;
    document.head.appendChild(el);
    return () => el.remove();
  }, [json]);
  return null;
}

import { useEffect } from "react";

function liveTwin(block, el) {
  // The live page's element for one in the copy: same id; else same tag and text, the
  // same link first (the router may write a link's href differently).
  const outside = (selector) =>
    Array.from(document.querySelectorAll(selector)).filter((other) => !block.contains(other));
  if (el.id) return outside(`#${CSS.escape(el.id)}`).find((other) => other.tagName === el.tagName);
  const alike = outside(el.tagName).filter((other) => other.textContent === el.textContent);
  return alike.find((other) => other.getAttribute("href") === el.getAttribute("href")) || alike[0];
}

// The server sends each public page's content in its first response, outside React's
// tree; CSS hides it once the live page renders its own. This then removes it, its
// swap style and its JSON-LD (the live page adds its own), so a later client-side
// navigation cannot show them again; canonical and Open Graph tags stay. A search already
// typed, a filter already chosen and the focus carry over to the live page's controls.
export function FirstResponseDone() {
  useEffect(() => {
    const block = document.querySelector("body > .first-response");
    if (block) {
      const active = block.contains(document.activeElement) ? document.activeElement : null;
      block.querySelectorAll("input[id], textarea[id]").forEach((el) => {
        const live = liveTwin(block, el);
        if (live && el.value !== el.defaultValue) live.value = el.value;
      });
      block.querySelectorAll("select[id]").forEach((el) => {
        const chosen = Array.from(el.options).find((o) => o.selected);
        const live = liveTwin(block, el);
        if (live && chosen && !chosen.defaultSelected && live.value !== el.value) {
          live.value = el.value;
          live.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      const twin = active && liveTwin(block, active);
      if (twin) twin.focus();
    }
    document
      .querySelectorAll("body > .first-response, [data-first-response]")
      .forEach((el) => el.remove());
  }, []);
  return null;
}

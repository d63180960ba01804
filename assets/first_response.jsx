import { useEffect } from "react";

function liveTwin(block, el) {
  // The live page's element for one in the copy: same id, or same tag, link and text.
  const same = (other) =>
    !block.contains(other) &&
    other.tagName === el.tagName &&
    (el.id
      ? other.id === el.id
      : other.getAttribute("href") === el.getAttribute("href") &&
        other.textContent === el.textContent);
  return Array.from(document.querySelectorAll(el.id ? `#${CSS.escape(el.id)}` : el.tagName)).find(same);
}

// The server sends each public page's content in its first response, outside React's
// tree; CSS hides it once the live page renders its own. This then removes it and its
// head tags, so a later client-side navigation cannot show them again. A search already
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

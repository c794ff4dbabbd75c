/* Keyboard access to the article's sideways-scrolling boxes, and names the theme leaves out.
 *
 * A box whose content is wider than the box (a table on a phone, a wide equation, a code
 * listing) scrolls; a keyboard user can scroll it only if it can take focus (WCAG 2.1.1).
 * Every such box in the content gets tabindex="0" and, unless it is a code listing (read as
 * code), role="region" with a name, while it overflows; when it fits again (a wider window)
 * both are removed, so boxes that fit are no extra tab stops. Generic: it judges whatever
 * the page holds, by its layout. The CSS marks focused boxes (figgen.css).
 *
 * The sentences are templates in TEXT, in one place, for the Spanish edition to come.
 */
(function () {
  "use strict";

  const TEXT = {
    table: "Table: {headers}",  // {headers}: the column headers, joined by ", "
    tableNumbered: "Table {n}",  // a table without headers; {n} counts the page's tables
    equation: "Equation {n}",  // {n} counts the page's display equations
    other: "Scrolling box {n}",
    separator: ", ",
    repeat: "{label} ({k})",  // a label already used on the page, the k-th time
  };
  const MARK = "data-figgen-scrollbox";  // set on the boxes this script made focusable
  const SCROLLING = new Set(["auto", "scroll"]);

  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));

  const scrolls = (el) => {
    const style = getComputedStyle(el);
    return (SCROLLING.has(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
      (SCROLLING.has(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
  };

  function label(box, used) {
    const table = box.querySelector("table");
    let text;
    if (box.matches("code") || box.querySelector(":scope > pre, :scope > code")) {
      return null;  // a code listing: focusable, read as code, no region
    } else if (table) {
      const headers = Array.from(table.querySelectorAll("thead th"), (th) => th.textContent.trim())
        .filter(Boolean);
      const n = Array.from(document.querySelectorAll("article table")).indexOf(table) + 1;
      text = headers.length
        ? fill(TEXT.table, { headers: headers.join(TEXT.separator) })
        : fill(TEXT.tableNumbered, { n });
    } else if (box.querySelector(':scope > math[display="block"]')) {
      const all = Array.from(document.querySelectorAll('article math[display="block"]'));
      text = fill(TEXT.equation, { n: all.indexOf(box.querySelector("math")) + 1 });
    } else {
      text = fill(TEXT.other, { n: used.size + 1 });
    }
    const k = (used.get(text) || 0) + 1;
    used.set(text, k);
    return k === 1 ? text : fill(TEXT.repeat, { label: text, k });
  }

  function update(root) {
    const used = new Map();
    for (const box of root.querySelectorAll("article *")) {
      const ours = box.hasAttribute(MARK);
      if (!ours && box.hasAttribute("tabindex")) continue;  // focusable already (the theme's code)
      if (!ours && !SCROLLING.has(getComputedStyle(box).overflowX) &&
          !SCROLLING.has(getComputedStyle(box).overflowY)) continue;
      if (scrolls(box)) {
        box.setAttribute(MARK, "");
        box.setAttribute("tabindex", "0");
        const name = label(box, used);
        if (name) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", name);
        }
      } else if (ours) {
        for (const attr of [MARK, "tabindex", "role", "aria-label"]) box.removeAttribute(attr);
      }
    }
  }

  // The theme's search dialog has no name (axe's aria-dialog-name): give it its input's.
  function nameSearch() {
    const dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
    const input = document.querySelector(".md-search__input[aria-label]");
    if (dialog && input) dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
  }

  let pending = 0;
  const schedule = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => update(document));
  };

  function start() {
    nameSearch();
    update(document);
    // Layout changes: window size, a <details> opened, the math font arriving.
    if (document.fonts) document.fonts.ready.then(schedule);
    if (window.ResizeObserver) {
      const article = document.querySelector("article");
      if (article) new ResizeObserver(schedule).observe(article);
    }
  }

  addEventListener("resize", schedule);
  document.addEventListener("toggle", schedule, true);
  // mkdocs-material emits document$ once its components (the table wrappers) are mounted,
  // and again after an instant navigation.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

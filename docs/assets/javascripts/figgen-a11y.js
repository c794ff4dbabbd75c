/* The article's keyboard access where the theme and its plugins leave gaps, and names they
 * leave out. WCAG 2.2 AA; tests/test_accessibility.py checks the result with axe-core and a
 * keyboard walk, tests/test_browser.py the layout; figgen.css draws the focus rings.
 *
 * - Scrolling boxes: a box whose content is wider than the box (a table on a phone, a wide
 *   equation, a code listing) scrolls; a keyboard user can scroll it only if it can take
 *   focus (2.1.1). Every such box in the content gets tabindex="0" and, unless it is a code
 *   listing (read as code), role="region" with a name, while it overflows; when it fits
 *   again (a wider window) both are removed, so boxes that fit are no extra tab stops.
 *   Generic: it judges whatever the page holds, by its layout.
 * - The theme's header and drawer: the palette switch gets a checked radio (its focus ring
 *   showed only in the light palette); on a narrow screen the menu and search labels become
 *   buttons, the drawer's table-of-contents label takes focus, and panels close when the
 *   focus leaves them; the search dialog gets a name; code listings' copy buttons are no
 *   longer one landmark each.
 * - The figure zoom (glightbox): focus into it, kept in it, and back to the figure.
 *
 * The sentences are templates in TEXT, in one place, for the Spanish edition to come; the
 * header's names reuse the theme's own translated words.
 */
(function () {
  "use strict";

  const TEXT = {
    table: "Table: {headers}",  // {headers}: the column headers, joined by ", "
    tableNumbered: "Table {n}",  // a table without headers; {n} counts the page's tables
    equation: "Equation {n}",  // {n} counts the page's display equations
    other: "Scrolling box {n}",
    zoom: "Enlarged figure",  // the name of the zoom dialog (glightbox)
    separator: ", ",
    repeat: "{label} ({k})",  // a label already used on the page, the k-th time
  };
  const MARK = "data-figgen-scrollbox";  // set on the boxes this script made focusable
  const LABEL_MARK = "data-figgen-focusable";  // set on the drawer labels it made focusable
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

  // The drawer's labels that open and close its sub-panels ("The article" opens the table of
  // contents, the panel's title closes it) take the focus while they are shown as links or
  // look clickable (the theme presses a focused label on Enter); on a wide screen, where
  // they are hidden or plain titles, not. (The drawer's own title closes with Escape.)
  function navLabels(root) {
    const labels = ".md-nav--primary label.md-nav__link[for], .md-nav--primary label.md-nav__title[for]:not([for='__drawer'])";
    for (const label of root.querySelectorAll(labels)) {
      const style = getComputedStyle(label);
      const clickable = style.display !== "none" &&
        (label.classList.contains("md-nav__link") || style.cursor === "pointer");
      if (clickable && !label.hasAttribute("tabindex")) {
        label.setAttribute("tabindex", "0");
        label.setAttribute(LABEL_MARK, "");
      } else if (!clickable && label.hasAttribute(LABEL_MARK)) {
        label.removeAttribute("tabindex");
        label.removeAttribute(LABEL_MARK);
      }
    }
  }

  // The theme puts each code listing's copy button in a <nav>: some 30 unnamed navigation
  // landmarks that crowd a screen reader's list of landmarks (axe best practice
  // landmark-unique). The button stays; the landmark goes.
  function codeNavs(root) {
    for (const nav of root.querySelectorAll("nav.md-code__nav:not([role])")) nav.setAttribute("role", "none");
  }

  function update(root) {
    navLabels(root);
    codeNavs(root);
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

  // The theme's palette switch is a radio group that it leaves with no radio checked: Tab
  // then always lands on the first radio, whose focus ring is drawn on its label, which is
  // hidden in the dark palette (no visible focus, 2.4.7). Check the radio of the palette in
  // use, as a click on the switch would.
  function checkPalette() {
    const options = Array.from(document.querySelectorAll('.md-option[name="__palette"]'));
    if (options.some((o) => o.checked)) return;
    const current = options.find((o) => {
      const label = o.nextElementSibling;
      return label && label.tagName === "LABEL" && !label.hidden;
    });
    if (current) current.checked = true;
  }

  // The header's menu and search buttons on a narrow screen (a phone, or a desktop zoomed
  // in) are labels of hidden checkboxes: the mouse can use them, the keyboard could not
  // reach them (2.1.1), and a label may not take the button role. Each becomes a real
  // <button> (same classes, same icon; figgen.css hides it where the theme hid the label)
  // that flips the checkbox as a tap did, says whether its panel is open (aria-expanded)
  // and moves the focus into the panel; Escape, or tabbing out of the menu, closes it, and
  // Escape brings the focus back. Their names are the theme's own (translated) words: the
  // navigation's label, the search field's.
  const PANELS = {
    __drawer: { name: ".md-nav--primary[aria-label]", panel: ".md-sidebar--primary",
                first: ".md-sidebar--primary a[href]" },
    __search: { name: ".md-search__input[aria-label]", panel: ".md-search",
                first: ".md-search__input" },
  };

  // A sub-panel of the drawer (the table of contents) slides over the drawer's own list:
  // when the focus leaves it for that list, it closes, or the focus would sit under it.
  const DRAWER_MODE = matchMedia("screen and (max-width: 76.234375em)");

  function subPanels(drawer) {
    for (const toggle of drawer.querySelectorAll(".md-nav__toggle[id]")) {
      const sub = toggle.parentElement && toggle.parentElement.querySelector(":scope > .md-nav");
      if (!sub) continue;
      sub.addEventListener("focusout", (event) => {
        const to = event.relatedTarget;
        if (DRAWER_MODE.matches && toggle.checked && to && drawer.contains(to) && !sub.contains(to)) {
          toggle.click();
        }
      });
    }
  }

  function headerButtons() {
    for (const label of document.querySelectorAll(".md-header label.md-header__button[for]")) {
      const toggle = document.getElementById(label.htmlFor);
      const spec = PANELS[label.htmlFor];
      if (!spec || !toggle || toggle.type !== "checkbox") continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = label.className;
      button.setAttribute("data-figgen-toggle", label.htmlFor);
      const named = document.querySelector(spec.name);
      if (named) button.setAttribute("aria-label", named.getAttribute("aria-label"));
      button.append(...label.childNodes);
      label.replaceWith(button);
      const panel = document.querySelector(spec.panel);
      const sync = () => button.setAttribute("aria-expanded", String(toggle.checked));
      const close = () => {
        if (!toggle.checked) return;
        toggle.click();  // the theme reacts to the checkbox's change, as to a tap on the label
        sync();
      };
      sync();
      toggle.addEventListener("change", sync);
      button.addEventListener("click", () => {
        toggle.click();
        sync();
        const first = toggle.checked && document.querySelector(spec.first);
        if (first) first.focus();
      });
      // Capture phase: before the theme's own Escape handling (which closes the search).
      addEventListener("keydown", (event) => {
        if (event.key !== "Escape" || !toggle.checked) return;
        close();
        setTimeout(() => button.focus());
      }, true);
      if (panel && label.htmlFor === "__drawer") {
        panel.addEventListener("focusout", (event) => {
          const to = event.relatedTarget;
          if (to && !panel.contains(to) && to !== button) close();
        });
        subPanels(panel);
      }
    }
  }

  // The zoom (glightbox): it opened with the focus left on the page behind it, let Tab
  // fall out of it onto the page, onto its disabled arrow and, on a phone, onto arrows
  // placed off screen, closed with the focus lost to the page's top, named its dialog
  // nothing and left an empty heading per slide. Now the focus goes to its close button
  // when it opens, Tab and Shift+Tab cycle through its enabled buttons on screen (the arrow
  // keys still change figures), the focus returns to the figure that opened it when it
  // closes, the dialog is named and the empty headings are removed.
  function zoomTrap(event) {
    const box = document.querySelector(".glightbox-container");
    if (event.key !== "Tab" || !box) return;
    const onScreen = (b) => {
      const r = b.getBoundingClientRect();  // on a phone the arrows wait off screen (swipe instead)
      return r.width > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
    };
    const buttons = Array.from(box.querySelectorAll("button.gbtn"))
      .filter((b) => !b.classList.contains("disabled") && !b.disabled && onScreen(b));
    if (!buttons.length) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const at = buttons.indexOf(document.activeElement);
    const step = event.shiftKey ? -1 : 1;
    buttons[(at + step + buttons.length) % buttons.length].focus();
  }

  function zoomFocus() {
    addEventListener("keydown", zoomTrap, true);
    let opener = null;
    const remember = (event) => {
      const link = event.target instanceof Element && event.target.closest("a.glightbox");
      if (link) opener = link;
    };
    document.addEventListener("click", remember, true);
    document.addEventListener("keydown", (event) => { if (event.key === "Enter") remember(event); }, true);
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof Element) || !node.classList.contains("glightbox-container")) continue;
          const dialog = node.querySelector('[role="dialog"]') || node;
          if (!dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", TEXT.zoom);
          for (const heading of node.querySelectorAll(".gslide-title")) {
            if (!heading.textContent.trim()) heading.remove();
          }
          const close = node.querySelector(".gclose");
          if (close) setTimeout(() => close.focus());
        }
        for (const node of record.removedNodes) {
          if (node instanceof Element && node.classList.contains("glightbox-container") && opener && opener.isConnected) {
            opener.focus();
          }
        }
      }
    }).observe(document.body, { childList: true });
  }

  let pending = 0;
  const schedule = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => update(document));
  };

  function start() {
    nameSearch();
    checkPalette();
    headerButtons();
    update(document);
    // Layout changes: window size, a <details> opened, the math font arriving.
    if (document.fonts) document.fonts.ready.then(schedule);
    if (window.ResizeObserver) {
      const article = document.querySelector("article");
      if (article) new ResizeObserver(schedule).observe(article);
    }
  }

  zoomFocus();
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

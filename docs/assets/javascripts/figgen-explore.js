/* Explore the numbers: every number of a figure explains itself, every value has a link.
 *
 * figgen (figgen.explain, figgen.explore) writes everything this script shows when the site
 * is built: each figure that draws numbers of the worked example carries, in a
 * <script class="figgen-explore-data">, where each of its layouts (the files the reader
 * sees: figures/<stem>(.phone)(.dark).svg) drew each number, in percent of the drawing, and
 * how each number was computed, with its operands' names and values. Nothing is computed
 * here; the numbers are figgen's, as text.
 *
 * - Over the figure's <img> (it stays an image, drawn by matplotlib), a box per number,
 *   beside the zoom link, never inside it: a tap outside the numbers still zooms. Pointing
 *   at a number, moving to it with the keyboard or tapping it shows how it was computed,
 *   below it, and highlights its operands where the figure shows them; a tap keeps it open,
 *   Escape or a tap elsewhere closes it. Each entry's accessible name is its explanation.
 * - Keyboard: the figure's numbers are one tab stop, a listbox whose entry in focus is its
 *   active descendant; the arrow keys move between them, Home and End go to the first and
 *   the last, Escape closes the explanation, Enter brings it back. (With a tab stop on the
 *   entry itself, a roving tabindex, the entries would be pointer targets in the tab order
 *   smaller than 24 px, which WCAG 2.5.8 and axe refuse there: their equivalent that meets
 *   it is each value's table in "Values as text", with every entry and its computation.)
 * - "Values as text": a "Copy link" button beside each value's anchor (#v-W1); a link to a
 *   value or an entry (#v-W1-1-2) opens its block, scrolls to it and shows it highlighted.
 * - The prose's named quantities (figgen.explore.link_quantities marks them): pointing at or
 *   focusing one highlights that value in the figures of its section.
 *
 * Without JavaScript the page shows every number as it is: in the figures, their alt texts
 * and "Values as text", where every entry is listed with its computation.
 */
(function () {
  "use strict";

  const HIDE_DELAY = 250;  // ms the explanation waits for the pointer to reach it
  const explanations = new Map();  // entry key -> explanation, from every figure's data
  const explorers = [];

  // -- one figure --------------------------------------------------------------------

  let serial = 0;  // ids of the entries, unique on the page

  class Explorer {
    constructor(figure, data) {
      this.figure = figure;
      this.box = figure.querySelector(".figgen-figure__image");
      this.layouts = data.layouts;
      this.layout = null;
      this.targets = [];
      this.current = 0;  // the entry the arrow keys move from
      this.active = null;  // the entry explained now
      this.mode = null;  // "hover", "focus" or "pin"
      this.timer = 0;
      // One tab stop: the list of the figure's numbers holds the focus, the entry in
      // focus is its active descendant (each entry is then no tab stop of its own).
      this.layer = document.createElement("div");
      this.layer.className = "figgen-explore";
      this.layer.setAttribute("role", "listbox");
      this.layer.setAttribute("aria-label", data.label);
      this.layer.tabIndex = 0;
      this.tip = document.createElement("div");
      this.tip.className = "figgen-explore__tip";
      this.tip.setAttribute("aria-hidden", "true");  // each entry's name says it all already
      this.tip.hidden = true;
      this.box.append(this.layer, this.tip);
      this.listen();
      this.place();
    }

    // The image shown now (one palette's, in the layout the <picture> chose).
    image() {
      return Array.from(this.box.querySelectorAll("img")).find((img) => img.getClientRects().length > 0);
    }

    // The layer over the shown image, with an entry per number of its layout.
    place() {
      const img = this.image();
      const loaded = img && img.complete && img.naturalWidth;
      this.layer.hidden = !loaded;  // no tab stop before there is something to show
      if (!loaded) return;
      const shown = new URL(img.currentSrc || img.src, document.baseURI).pathname;
      const layout = this.layouts.find((l) => l.files.some((f) => new URL(f, document.baseURI).pathname === shown));
      const style = this.layer.style;
      style.left = img.offsetLeft + "px";
      style.top = img.offsetTop + "px";
      style.width = img.offsetWidth + "px";
      style.height = img.offsetHeight + "px";
      if (layout !== this.layout) this.build(layout);
      if (this.active) this.showTip(this.active);
    }

    build(layout) {
      const key = this.targets[this.current] && this.targets[this.current].dataset.key;
      const mode = this.mode;
      this.hide();
      this.layer.replaceChildren();
      this.layout = layout;
      this.targets = [];
      if (!layout) return;
      for (const [entry, left, top, width, height] of layout.boxes) {
        const ex = explanations.get(entry);
        if (!ex) continue;
        const t = document.createElement("div");
        t.className = "figgen-explore__target";
        t.id = "figgen-entry-" + (++serial);
        t.dataset.key = entry;
        t.setAttribute("role", "option");
        t.setAttribute("aria-selected", "false");
        t.setAttribute("aria-label", spoken(ex));
        Object.assign(t.style, { left: left + "%", top: top + "%", width: width + "%", height: height + "%" });
        t.box = { left, top, right: left + width, bottom: top + height };
        this.targets.push(t);
      }
      this.targets = readingOrder(this.targets);
      this.layer.append(...this.targets);
      this.current = Math.max(0, this.targets.findIndex((t) => t.dataset.key === key));
      if (mode === "focus" && this.targets.length) this.show(this.targets[this.current], "focus");
    }

    // Move to entry `index` and explain it (the keyboard).
    move(index) {
      this.current = index;
      this.show(this.targets[index], "focus");
    }

    listen() {
      const l = this.layer;
      l.addEventListener("pointerover", (e) => {
        const t = e.target.closest(".figgen-explore__target");
        if (!t || e.pointerType === "touch") return;
        clearTimeout(this.timer);
        if (this.mode !== "pin" && this.mode !== "focus") this.show(t, "hover");
      });
      l.addEventListener("pointerout", (e) => {
        if (e.pointerType === "touch" || this.mode !== "hover") return;
        this.hideSoon();
      });
      this.tip.addEventListener("pointerenter", () => clearTimeout(this.timer));
      this.tip.addEventListener("pointerleave", () => { if (this.mode === "hover") this.hideSoon(); });
      // A pointer press on an entry is a click, not a keyboard focus: it is handled there.
      l.addEventListener("pointerdown", () => { this.pressed = true; });
      l.addEventListener("focus", () => {
        if (!this.pressed && this.targets.length) this.move(this.current);
        this.pressed = false;
      });
      l.addEventListener("blur", () => {
        this.pressed = false;
        if (this.mode === "focus") this.hide();
      });
      l.addEventListener("click", (e) => {
        const t = e.target.closest(".figgen-explore__target");
        if (!t) {  // between the numbers: the zoom, as a click on the image would
          const zoom = this.image() && this.image().closest("a.glightbox");
          if (zoom) zoom.click();
          return;
        }
        this.current = this.targets.indexOf(t);
        if (this.active === t && this.mode === "pin") this.hide();
        else this.show(t, "pin");
      });
      l.addEventListener("keydown", (e) => this.key(e));
      // A tap or click anywhere else lets go of a kept explanation.
      document.addEventListener("pointerdown", (e) => {
        if (this.mode === "pin" && !l.contains(e.target) && !this.tip.contains(e.target)) this.hide();
      });
      document.addEventListener("keydown", (e) => {
        if (e.key === "Escape" && this.active && e.target !== l) this.hide();
      });
    }

    key(e) {
      if (!this.targets.length) return;
      const moves = { ArrowRight: "right", ArrowLeft: "left", ArrowDown: "down", ArrowUp: "up" };
      let next = null;
      if (e.key in moves) next = this.neighbour(this.current, moves[e.key]);
      else if (e.key === "Home") next = 0;
      else if (e.key === "End") next = this.targets.length - 1;
      else if (e.key === "Escape" && this.active) {
        this.hide();
        e.preventDefault();
        e.stopPropagation();
        return;
      } else if ((e.key === "Enter" || e.key === " ") && !this.active) {
        next = this.current;  // bring back an explanation closed with Escape
      } else return;
      e.preventDefault();
      if (next !== null) this.move(next);
    }

    // The number next to target `i` in a direction: on its line (left, right; past the end of
    // a line, the next line's first or the previous line's last), or on the nearest line
    // above or below, the one closest sideways.
    neighbour(i, direction) {
      const a = this.targets[i].box;
      const sameLine = (b) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.3 * Math.min(a.bottom - a.top, b.bottom - b.top);
      const cx = (b) => (b.left + b.right) / 2;
      const pick = (list, score) => list.reduce((best, t) => (best === null || score(t) < score(best) ? t : best), null);
      const others = this.targets.filter((t, j) => j !== i);
      let found = null;
      if (direction === "right" || direction === "left") {
        const sign = direction === "right" ? 1 : -1;
        const on = others.filter((t) => sameLine(t.box) && sign * (cx(t.box) - cx(a)) > 0);
        found = pick(on, (t) => sign * (cx(t.box) - cx(a)));
        if (!found) {  // wrap to the next (previous) line
          const step = direction === "right" ? 1 : -1;
          for (let j = i + step; j >= 0 && j < this.targets.length; j += step) {
            if (!sameLine(this.targets[j].box)) { found = this.targets[j]; break; }
          }
          if (found) {
            const line = this.targets.filter((t) => {
              const b = found.box;
              return Math.min(b.bottom, t.box.bottom) - Math.max(b.top, t.box.top) > 0;
            });
            found = pick(line, (t) => step * t.box.left);
          }
        }
      } else {
        const down = direction === "down";
        const beyond = others.filter((t) => !sameLine(t.box) && (down ? t.box.top >= a.top : t.box.top <= a.top));
        const nearest = pick(beyond, (t) => Math.abs(t.box.top - a.top));
        if (nearest) {
          const line = beyond.filter((t) => Math.min(nearest.box.bottom, t.box.bottom) - Math.max(nearest.box.top, t.box.top) > 0);
          found = pick(line, (t) => Math.abs(cx(t.box) - cx(a)));
        }
      }
      return found ? this.targets.indexOf(found) : null;
    }

    show(target, mode) {
      clearTimeout(this.timer);
      if (this.active && this.active !== target) this.active.setAttribute("aria-selected", "false");
      this.active = target;
      this.mode = mode;
      target.setAttribute("aria-selected", "true");
      if (mode !== "hover") this.layer.setAttribute("aria-activedescendant", target.id);
      const ex = explanations.get(target.dataset.key);
      const operands = new Set(ex.operands);
      for (const t of this.targets) {
        t.classList.toggle("is-self", t.dataset.key === target.dataset.key);
        t.classList.toggle("is-operand", operands.has(t.dataset.key));
      }
      this.tip.replaceChildren();
      const lines = [ex.name + (ex.lines.length ? " = " + ex.lines[0] : ""),
                     ...ex.lines.slice(1).map((l) => "= " + l), "= " + ex.value];
      for (const text of lines) {
        const line = document.createElement("div");
        line.className = "figgen-explore__line";
        line.textContent = text;
        this.tip.append(line);
      }
      const sentence = document.createElement("div");
      sentence.className = "figgen-explore__sentence";
      sentence.textContent = ex.sentence;
      this.tip.append(sentence);
      this.tip.hidden = false;
      this.showTip(target);
      if (mode !== "hover") this.tip.scrollIntoView({ block: "nearest", inline: "nearest" });
    }

    // Below the number, inside the figure's width.
    showTip(target) {
      const box = this.box.getBoundingClientRect();
      const t = target.getBoundingClientRect();
      const width = Math.min(this.tip.offsetWidth, box.width);
      const left = Math.max(0, Math.min(t.left - box.left, box.width - width));
      this.tip.style.left = left + "px";
      this.tip.style.top = (t.bottom - box.top + 4) + "px";
    }

    hideSoon() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.hide(), HIDE_DELAY);
    }

    hide() {
      clearTimeout(this.timer);
      if (this.active) this.active.setAttribute("aria-selected", "false");
      this.layer.removeAttribute("aria-activedescendant");
      this.active = null;
      this.mode = null;
      this.tip.hidden = true;
      for (const t of this.targets) t.classList.remove("is-self", "is-operand");
    }

    // Highlight a value ("W2") or one entry ("W2-1-2") wherever this figure shows it.
    link(value, on) {
      for (const t of this.targets) {
        const key = t.dataset.key;
        if (key === value || key.startsWith(value + "-")) t.classList.toggle("is-linked", on);
      }
    }
  }

  // Line by line (entries whose boxes overlap vertically share a line), left to right.
  function readingOrder(targets) {
    const lines = [];
    for (const t of [...targets].sort((a, b) => a.box.top - b.box.top)) {
      const line = lines.find((l) => l.some((u) => Math.min(u.box.bottom, t.box.bottom) - Math.max(u.box.top, t.box.top) > 0));
      if (line) line.push(t); else lines.push([t]);
    }
    return lines.flatMap((l) => l.sort((a, b) => a.box.left - b.box.left));
  }

  // What a screen reader says: figgen.explain.Explanation.spoken_text, from its parts.
  function spoken(ex) {
    return [...ex.spoken, ...ex.lines.slice(1), ex.value].join(" = ") + ". " + ex.sentence;
  }

  // -- the prose's named quantities -------------------------------------------------------

  // The figures of the section (between <h2> headings) an element of the article is in.
  function sectionFigures(element) {
    const article = element.closest("article");
    let top = element;
    while (top.parentElement && top.parentElement !== article) top = top.parentElement;
    const found = [];
    for (let e = top.previousElementSibling; e && e.tagName !== "H2"; e = e.previousElementSibling) found.push(e);
    for (let e = top.nextElementSibling; e && e.tagName !== "H2"; e = e.nextElementSibling) found.push(e);
    return explorers.filter((x) => found.some((e) => e === x.figure || e.contains(x.figure)));
  }

  function quantities() {
    for (const q of document.querySelectorAll("article .figgen-quantity[data-figgen-value]")) {
      const figures = sectionFigures(q);
      const value = q.dataset.figgenValue;
      const on = () => figures.forEach((x) => x.link(value, true));
      const off = () => figures.forEach((x) => x.link(value, false));
      q.addEventListener("pointerenter", on);
      q.addEventListener("pointerleave", off);
      q.addEventListener("focus", on);
      q.addEventListener("blur", off);
    }
  }

  // -- values as text: copy a link, follow one ---------------------------------------------

  function copyButtons() {
    for (const p of document.querySelectorAll("p.figgen-value[data-figgen-copy]")) {
      const link = p.querySelector("a[id]");
      if (!link || p.querySelector(".figgen-copy")) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "figgen-copy";
      button.textContent = p.dataset.figgenCopy;
      button.setAttribute("aria-label", p.dataset.figgenCopyLabel);
      const status = document.createElement("span");
      status.className = "figgen-copy__status";
      status.setAttribute("role", "status");
      button.addEventListener("click", () => {
        const url = location.href.split("#")[0] + "#" + link.id;
        copy(url).then(() => {
          status.textContent = p.dataset.figgenCopied;
          setTimeout(() => { status.textContent = ""; }, 3000);
        }, () => { location.hash = link.id; });  // no clipboard: the address bar has the link
      });
      p.append(" ", button, status);
    }
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise((resolve, reject) => {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  // A link to a value or an entry (#v-...): open the block it is in and scroll it into view
  // (the browser cannot scroll to what a closed <details> hides); CSS highlights :target.
  function follow() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id.startsWith("v-")) return;
    const target = document.getElementById(id);
    if (!target) return;
    for (let d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
    requestAnimationFrame(() => target.scrollIntoView({ block: "center" }));
  }

  // -- start ------------------------------------------------------------------------------

  let started = false;
  function start() {
    if (started) return;
    started = true;
    const figures = [];
    for (const script of document.querySelectorAll("script.figgen-explore-data")) {
      let data;
      try { data = JSON.parse(script.textContent); } catch (err) { continue; }
      for (const [key, ex] of Object.entries(data.explanations)) explanations.set(key, ex);
      figures.push([script.closest("figure"), data]);
    }
    for (const [figure, data] of figures) {
      if (figure && figure.querySelector(".figgen-figure__image")) explorers.push(new Explorer(figure, data));
    }
    const replace = () => explorers.forEach((x) => x.place());
    if (window.ResizeObserver) {
      const observer = new ResizeObserver(replace);
      explorers.forEach((x) => observer.observe(x.box));
    }
    addEventListener("resize", replace);
    // an image loads late (lazy), or the <picture> swaps layouts, or the palette changes
    document.addEventListener("load", (e) => { if (e.target.tagName === "IMG") replace(); }, true);
    new MutationObserver(replace).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    quantities();
    copyButtons();
    follow();
    addEventListener("hashchange", follow);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

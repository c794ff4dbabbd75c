/* The training animations' players (figgen.player writes their HTML; this moves them).
 *
 * Each [data-figgen-player] element holds a frame's view onto a sprite sheet, the curves as
 * SVG polylines drawn in full, the readouts, a play/pause button and a slider, and its data
 * (readout texts per frame, timing) as JSON. The HTML already shows the final frame; this
 * script shows the controls and:
 *   - without reduced motion: shows frame 0, and plays once when the player comes into view,
 *     stopping on the final frame;
 *   - with prefers-reduced-motion: reduce: stays paused on the final frame;
 *   - play/pause, the slider and the keys work at any time: Space plays or pauses, the arrow
 *     keys step one frame, Page Up/Down ten, Home and End go to the first and the last frame.
 * Setting up is idempotent and runs on every page of mkdocs-material's instant navigation
 * (document$), or once on load without it.
 */
(function () {
  "use strict";

  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  var VISIBLE = 0.6; // the share of the plane that must be in view before it plays

  function setup(root) {
    if (root.hasAttribute("data-figgen-ready")) return;
    root.setAttribute("data-figgen-ready", "");
    var data = JSON.parse(root.querySelector(".figgen-player__data").textContent);
    var count = data.frames.length;
    var last = count - 1;
    var view = root.querySelector(".figgen-player__view");
    var button = root.querySelector(".figgen-player__play");
    var slider = root.querySelector(".figgen-player__slider");
    var readouts = {};
    root.querySelectorAll("[data-readout]").forEach(function (el) {
      readouts[el.getAttribute("data-readout")] = el;
    });
    // every curve's points, from the full polylines figgen drew (one point per frame)
    var curves = Array.prototype.map.call(root.querySelectorAll("polyline[data-curve]"), function (line) {
      var points = line.getAttribute("points").trim().split(/\s+/);
      var dot = root.querySelector('.figgen-player__dot[data-curve="' + line.getAttribute("data-curve") + '"]');
      return { line: line, points: points, dot: dot };
    });

    var frame = last;
    var timer = null;
    var interacted = false; // after the reader's first action the player never starts by itself

    function show(i) {
      frame = Math.max(0, Math.min(last, i));
      view.style.setProperty("--figgen-column", String(frame % data.columns));
      view.style.setProperty("--figgen-row", String(Math.floor(frame / data.columns)));
      var text = data.frames[frame];
      readouts.step.textContent = text[0];
      readouts.accuracy.textContent = text[1];
      readouts.heldout.textContent = text[2];
      readouts.loss.textContent = text[3];
      slider.value = String(frame);
      slider.setAttribute("aria-valuetext", text[4]);
      curves.forEach(function (curve) {
        curve.line.setAttribute("points", curve.points.slice(0, frame + 1).join(" "));
        var xy = curve.points[frame].split(",");
        curve.dot.style.left = Number(xy[0]) / 10 + "%"; // the SVG's viewBox is 1000 wide and high
        curve.dot.style.top = Number(xy[1]) / 10 + "%";
      });
      root.setAttribute("data-frame", String(frame));
    }

    function setPlaying(playing) {
      button.textContent = playing ? data.pause : data.play;
      root.toggleAttribute("data-playing", playing);
    }

    function tick() {
      timer = null;
      if (!root.isConnected) return; // the page was replaced (instant navigation)
      show(frame + 1);
      if (frame < last) timer = window.setTimeout(tick, data.frameMs);
      else setPlaying(false);
    }

    function play() {
      if (timer !== null) return;
      if (frame >= last) show(0);
      setPlaying(true);
      timer = window.setTimeout(tick, frame === 0 ? data.firstMs : data.frameMs);
    }

    function pause() {
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      setPlaying(false);
    }

    function toggle() {
      interacted = true;
      if (timer !== null) pause();
      else play();
    }

    function goTo(i) {
      interacted = true;
      pause();
      show(i);
    }

    button.addEventListener("click", toggle);
    slider.addEventListener("input", function () {
      goTo(Number(slider.value));
    });
    root.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var onButton = event.target === button;
      var onSlider = event.target === slider;
      if (!onButton && !onSlider) return; // links keep their keys
      if (event.key === " " || event.key === "Spacebar") {
        if (onButton) return; // the button's own click
        event.preventDefault(); // no page scroll
        toggle();
        return;
      }
      if (onSlider) return; // the slider steps by itself and reports through "input"
      var moves = { ArrowLeft: -1, ArrowRight: 1, PageDown: -10, PageUp: 10 };
      if (event.key in moves) {
        event.preventDefault();
        goTo(frame + moves[event.key]);
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        goTo(event.key === "Home" ? 0 : last);
      }
    });

    root.querySelector(".figgen-player__controls").hidden = false;
    setPlaying(false);
    if (reducedMotion.matches) {
      show(last);
    } else {
      show(0);
      if ("IntersectionObserver" in window) {
        var observer = new IntersectionObserver(function (entries) {
          entries.forEach(function (entry) {
            if (entry.intersectionRatio >= VISIBLE) {
              observer.disconnect();
              if (!interacted && !reducedMotion.matches) play();
            }
          });
        }, { threshold: [VISIBLE] });
        observer.observe(view);
      } else {
        show(last);
      }
    }
    // asking for reduced motion while it plays stops it, on the final frame if untouched
    reducedMotion.addEventListener("change", function (event) {
      if (event.matches && root.isConnected) {
        pause();
        if (!interacted) show(last);
      }
    });
  }

  function setupAll() {
    document.querySelectorAll("[data-figgen-player]").forEach(setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setupAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();

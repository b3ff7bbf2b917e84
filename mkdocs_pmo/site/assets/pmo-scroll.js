/* mkdocs-pmo: whatever scrolls sideways can be scrolled with the keyboard.
 * On a narrow screen, wide tables (Material's `.md-typeset__scrollwrap`, the plugin's index
 * tables), code blocks and the labels of content tabs scroll sideways, but cannot take focus:
 * keyboard users cannot reach what is hidden (axe "scrollable-region-focusable"). Each one that
 * scrolls becomes focusable; Material's table wrapper also becomes a named region (a table
 * keeps its own role). Run again on
 * resize and on pages swapped in by Material's instant navigation. */
(function () {
  "use strict";

  var SCROLLERS = [
    [".md-typeset__scrollwrap", "Table (scrolls sideways)"],
    [".md-typeset table.pmo-index, .md-typeset table.pmo-reviews", null],
    [".md-typeset pre > code", null],
    [".md-typeset .tabbed-labels", null],
  ];

  function mark() {
    SCROLLERS.forEach(function (entry) {
      document.querySelectorAll(entry[0]).forEach(function (el) {
        if (el.scrollWidth <= el.clientWidth || el.hasAttribute("tabindex")) return;
        el.setAttribute("tabindex", "0");
        if (entry[1] && !el.hasAttribute("role")) {
          el.setAttribute("role", "region");
          el.setAttribute("aria-label", entry[1]);
        }
      });
    });
  }

  function markSoon() {
    // After layout: widths are known once the page's styles have applied.
    window.requestAnimationFrame(mark);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markSoon);
  } else {
    markSoon();
  }
  window.addEventListener("resize", markSoon);
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(markSoon);
  }
})();

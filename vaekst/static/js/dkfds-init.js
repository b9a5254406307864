// Start DKFDS's components (accordions, menus) on load and on content htmx swaps in.
(function () {
  "use strict";
  function start() {
    if (window.DKFDS) { window.DKFDS.init(); }
  }
  document.addEventListener("DOMContentLoaded", start);
})();

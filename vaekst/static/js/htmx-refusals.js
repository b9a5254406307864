// A refused change (400, 403, 409) answers its status with the page fragment and its alert.
// htmx swaps no 4xx answer by default, so the reader would see nothing; swap the ones the
// server marks as such a fragment (views_common.swap_refusal), and only those: another error
// (a bare 403 or 404 page) is still left out of the page.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status >= 400 && xhr.status < 500 &&
        xhr.getResponseHeader("Vaekst-Swap-Refusal") === "true") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

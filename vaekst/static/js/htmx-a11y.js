// After an htmx form submit, put the keyboard focus where the reader should go next and say
// what happened: a swap would otherwise leave focus on <body> and tell a screen reader nothing.
//   - an invalid field in the swapped content gets the focus (its error is linked to it);
//   - a server's `vaekst:announce` event (HX-Trigger-After-Settle, worded in the reader's
//     language) is read out by the polite live region and may name the element to focus,
//     e.g. the new row;
//   - else an alert in the new content, else the swapped element itself.
// An inline edit row starts in its first field when opened and gives the focus back to its
// "Ret" button when closed; a table's scroll region is a tab stop only while it scrolls.
(function () {
  "use strict";
  var announced = false;

  function focusable(element) {
    if (!element) { return null; }
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    return element;
  }

  function say(message) {
    var region = document.getElementById("live-status");
    if (!region || !message) { return; }
    // Emptied first so that the same message twice is read twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  // A table's scroll region (web_tags' {% scrollable %}) is a tab stop only while it
  // actually scrolls, so that a keyboard can scroll it and is not stopped by it otherwise.
  function scrollRegions() {
    var regions = document.querySelectorAll(".table--responsive-scroll[role='region']");
    Array.prototype.forEach.call(regions, function (region) {
      if (region.scrollWidth > region.clientWidth + 1) {
        region.setAttribute("tabindex", "0");
      } else {
        region.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", scrollRegions);
  window.addEventListener("resize", scrollRegions);
  document.addEventListener("htmx:afterSettle", scrollRegions);

  var moved = false;
  document.addEventListener("vaekst:announce", function (event) {
    var detail = event.detail || {};
    announced = true;
    say(detail.message);
    var target = detail.focus ? focusable(document.getElementById(detail.focus)) : null;
    if (target) {
      target.focus();
      moved = true;
    }
  });

  var handled = false;
  // Closing an inline edit row (a GET that swaps it away) returns the focus to the row's
  // own "Ret" button.
  var returnTo = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    announced = false;
    moved = false;
    handled = false;
    var config = event.detail.requestConfig || {};
    var row = event.target.closest ? event.target.closest("tr.inline-edit") : null;
    var isGet = (config.verb || "get").toLowerCase() === "get";
    var before = row && isGet ? row.previousElementSibling : null;
    returnTo = before ? before.querySelector("button") : null;
  });
  // The closing button is gone after the swap, and so are the events htmx fires on it:
  // look once the swap (synchronous after this event) is done.
  document.addEventListener("htmx:beforeSwap", function () {
    var back = returnTo;
    returnTo = null;
    if (!back) { return; }
    window.setTimeout(function () {
      var lost = !document.activeElement || document.activeElement === document.body;
      if (lost && document.body.contains(back)) { back.focus(); }
    }, 0);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig || {};
    if ((config.verb || "get").toLowerCase() === "get") {
      // An inline edit row that was just opened (swapped in after the item's row, which
      // is the event's target): start in its first field.
      var opened = event.target instanceof Element ? event.target.nextElementSibling : null;
      if (opened && opened.matches("tr.inline-edit") && event.target.contains(document.activeElement)) {
        var first = opened.querySelector("input:not([type='hidden']), select, textarea");
        if (first) { first.focus(); }
      }
      return;
    }
    if (handled) { return; }
    // Fired on each settled element; the first one inside the page decides.
    var swapped = event.target;
    if (!(swapped instanceof Element) || !document.body.contains(swapped)) { return; }
    handled = true;
    var invalid = swapped.matches("[aria-invalid='true']")
      ? swapped : swapped.querySelector("[aria-invalid='true']");
    if (invalid) { invalid.focus(); return; }
    // The server's announcement (triggered right after this event) may move the focus.
    window.setTimeout(function () {
      if (moved || document.activeElement !== document.body) { return; }
      // Announced already: the new content's first heading; else its alert, which is read
      // on focus; else the new content itself.
      var first = announced
        ? swapped.querySelector("h1, h2, h3")
        : swapped.querySelector(".alert-error, [role='alert'], .alert-success");
      var target = focusable(first || swapped);
      if (target) { target.focus(); }
    }, 0);
  });
})();

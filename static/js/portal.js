/* Progressive enhancement of the portal's components. Every page works without this file. */
(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.remove("no-js");
  doc.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Main menu: a <details> that is a "Danh mục" button on phones and always open on wide screens.
  function setUpMenu() {
    var nav = document.querySelector("[data-nav]");
    if (!nav || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 62em)");
    function sync() { if (wide.matches) nav.open = true; }
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.open && !wide.matches) {
        nav.open = false;
        nav.querySelector("summary").focus();
      }
    });
  }

  // "In / Lưu trang": the browser's print dialog also offers "Save as PDF".
  function setUpPrint() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  // Error summary: move focus to it so screen-reader and keyboard users hear the errors first.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  // Text size (A− / A / A+) and high contrast, remembered in the cookie every unit portal shares
  // (templates/includes/display_preferences.html applies it before the first paint and defines window.portalDisplay).
  var FONT_SIZES = ["90", "100", "115", "130", "150"];
  function remember() {
    var parts = [];
    for (var i = 0; i < FONT_SIZES.length; i++) {
      if (doc.classList.contains("font-size-" + FONT_SIZES[i])) parts.push("fs" + FONT_SIZES[i]);
    }
    if (doc.classList.contains("high-contrast")) parts.push("hc");
    // Saved even when back to the defaults, so that the reset, too, reaches the other portals.
    if (window.portalDisplay) window.portalDisplay.save(parts.join("."));
  }
  function setUpDisplayTools() {
    var tools = document.querySelector("[data-display-tools]");
    if (!tools) return;
    function currentSize() {
      for (var i = 0; i < FONT_SIZES.length; i++) if (doc.classList.contains("font-size-" + FONT_SIZES[i])) return i;
      return 1;
    }
    function applySize(index) {
      index = Math.max(0, Math.min(FONT_SIZES.length - 1, index));
      for (var i = 0; i < FONT_SIZES.length; i++) doc.classList.remove("font-size-" + FONT_SIZES[i]);
      if (FONT_SIZES[index] !== "100") doc.classList.add("font-size-" + FONT_SIZES[index]);
      remember();
      var reset = tools.querySelector("[data-font-size=reset]");
      reset.setAttribute("aria-pressed", FONT_SIZES[index] === "100" ? "true" : "false");
    }
    var sizeButtons = tools.querySelectorAll("[data-font-size]");
    for (var i = 0; i < sizeButtons.length; i++) {
      sizeButtons[i].addEventListener("click", function () {
        var action = this.getAttribute("data-font-size");
        applySize(action === "reset" ? 1 : currentSize() + (action === "larger" ? 1 : -1));
      });
    }
    tools.querySelector("[data-font-size=reset]").setAttribute("aria-pressed", currentSize() === 1 ? "true" : "false");
    var contrast = tools.querySelector("[data-high-contrast]");
    contrast.setAttribute("aria-pressed", doc.classList.contains("high-contrast") ? "true" : "false");
    contrast.addEventListener("click", function () {
      var on = !doc.classList.contains("high-contrast");
      doc.classList.toggle("high-contrast", on);
      contrast.setAttribute("aria-pressed", on ? "true" : "false");
      remember();
    });
  }

  // A unit portal outside the shared cookie's domain cannot read the cookie: a link to it (or from it back into the
  // domain) carries the choice in its fragment, which the other portal's inline script reads and then removes.
  function carryDisplayToOtherPortals() {
    var display = window.portalDisplay;
    if (!display) return;
    function decorate(event) {
      var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || link.hostname === location.hostname || !/^https?:$/.test(link.protocol)) return;
      if (link.hash && link.hash.indexOf("#" + display.config.fragment + "=") !== 0) return;  // a real anchor
      var value = display.read();
      if (value === null) return;
      var toOutside = display.config.outside.indexOf(link.hostname) > -1;
      var backInside = !display.underDomain(location.hostname) && display.underDomain(link.hostname);
      if (toOutside || backInside) link.hash = display.config.fragment + "=" + value;
    }
    document.addEventListener("click", decorate, true);
    document.addEventListener("auxclick", decorate, true);
  }

  ready(function () {
    setUpDisplayTools();
    carryDisplayToOtherPortals();
    setUpMenu();
    setUpPrint();
    focusErrorSummary();
  });
})();

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

  // Tabs (WAI-ARIA Authoring Practices, automatic activation); without JS every panel is shown.
  function setUpTabs(container, index) {
    var list = container.querySelector(".tabs__list");
    var links = list.querySelectorAll(".tabs__tab");
    var tabs = [];
    var panels = [];
    list.setAttribute("role", "tablist");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var panel = document.getElementById(link.getAttribute("href").slice(1));
      if (!panel) return;
      link.parentNode.setAttribute("role", "presentation");
      link.setAttribute("role", "tab");
      link.id = link.id || "tab-" + index + "-" + i;
      link.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", link.id);
      panel.setAttribute("tabindex", "0");
      tabs.push(link);
      panels.push(panel);
    }
    container.classList.add("tabs--enhanced");

    function select(n, focus) {
      for (var j = 0; j < tabs.length; j++) {
        var selected = j === n;
        tabs[j].setAttribute("aria-selected", selected ? "true" : "false");
        tabs[j].setAttribute("tabindex", selected ? "0" : "-1");
        panels[j].hidden = !selected;
      }
      if (focus) tabs[n].focus();
    }

    list.addEventListener("click", function (event) {
      var n = tabs.indexOf(event.target.closest("[role=tab]"));
      if (n >= 0) { event.preventDefault(); select(n, true); }
    });
    list.addEventListener("keydown", function (event) {
      var n = tabs.indexOf(document.activeElement);
      if (n < 0) return;
      var keys = { ArrowRight: n + 1, ArrowLeft: n - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in keys)) return;
      event.preventDefault();
      select((keys[event.key] + tabs.length) % tabs.length, true);
    });
    var hash = window.location.hash.slice(1);
    var start = 0;
    for (var k = 0; k < panels.length; k++) if (panels[k].id === hash) start = k;
    select(start, false);
  }

  ready(function () {
    setUpMenu();
    setUpPrint();
    focusErrorSummary();
    var containers = document.querySelectorAll("[data-tabs]");
    for (var i = 0; i < containers.length; i++) setUpTabs(containers[i], i);
  });
})();

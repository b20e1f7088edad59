/* Text size and high contrast (home/preferences.py), applied before the first paint: read from the cookie the unit
   portals share, or from `#portal-display=…` when a link from a portal outside that cookie's domain carried them here.
   Also marks the page `js` at once, so the controls that need JavaScript are laid out from the first paint (no shift).
   Loaded without defer in the head (templates/includes/display_preferences.html), before the stylesheet; its config
   is the script element's data-config. No inline script: the Content Security Policy allows none on public pages.
   static/js/portal.js saves changes through window.portalDisplay. */
(function (config) {
  var doc = document.documentElement, sizes = ["90", "115", "130", "150"];
  doc.className = doc.className.replace(/(^|\s)no-js(\s|$)/, "$1js$2");
  function underDomain(host) {
    var domain = config.domain;
    return !!domain && (host === domain || host.slice(-domain.length - 1) === "." + domain);
  }
  function read() {
    var found = new RegExp("(?:^|;\\s*)" + config.cookie + "=([a-z0-9.]{0,40})(?:;|$)").exec(document.cookie);
    return found ? found[1] : null;
  }
  function save(value) {
    var cookie = config.cookie + "=" + value + "; path=/; max-age=31536000; samesite=lax";
    if (underDomain(location.hostname)) cookie += "; domain=" + config.domain;
    if (location.protocol === "https:") cookie += "; secure";
    document.cookie = cookie;
  }
  function apply(value) {
    var parts = (value || "").split(".");
    for (var i = 0; i < sizes.length; i++) if (parts.indexOf("fs" + sizes[i]) > -1) doc.classList.add("font-size-" + sizes[i]);
    if (parts.indexOf("hc") > -1) doc.classList.add("high-contrast");
  }
  try {
    var value = read(), carried = new RegExp("^#" + config.fragment + "=([a-z0-9.]{0,40})$").exec(location.hash);
    if (carried) {
      value = carried[1];
      save(value);
      history.replaceState(history.state, "", location.pathname + location.search);
    } else if (value === null && (localStorage.getItem("portal.fontSize") || localStorage.getItem("portal.contrast"))) {
      // A choice made before the preference moved to the shared cookie.
      var size = localStorage.getItem("portal.fontSize");
      value = (sizes.indexOf(size) > -1 ? "fs" + size : "") + (localStorage.getItem("portal.contrast") === "high" ? ".hc" : "");
      save(value);
      localStorage.removeItem("portal.fontSize");
      localStorage.removeItem("portal.contrast");
    }
    apply(value);
  } catch (e) { /* cookies or storage blocked: the default display */ }
  window.portalDisplay = {config: config, read: read, save: save, underDomain: underDomain};
})(JSON.parse(document.currentScript.getAttribute("data-config")));

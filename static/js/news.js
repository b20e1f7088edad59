/* “Sao chép đường dẫn” on news articles: shown only when the browser can copy (progressive enhancement). */
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    var status = document.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-link")).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied-text"); }
      });
    });
  });
})();

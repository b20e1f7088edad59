// wagtail-localize's translation editor writes two strings into its React bundle without gettext
// ("<source> to <target> translation", "More actions"): in the Vietnamese admin, say them in Vietnamese.
(function () {
  "use strict";
  if (!(document.documentElement.lang || "").startsWith("vi")) {
    return;
  }
  var TITLE = /^(.+) to (.+) translation$/;
  var PHRASES = { "More actions": "Thao tác khác" };

  function translateText(node) {
    var text = node.nodeValue.trim();
    var title = TITLE.exec(text);
    if (title) {
      node.nodeValue = "Bản dịch từ " + title[1] + " sang " + title[2];
    } else if (Object.prototype.hasOwnProperty.call(PHRASES, text)) {
      node.nodeValue = PHRASES[text];
    }
  }

  function translateTree(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      translateText(walker.currentNode);
    }
  }

  function start() {
    var root = document.querySelector(".js-translation-editor");
    if (!root) {
      return;
    }
    translateTree(root);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.TEXT_NODE) {
            translateText(node);
          } else if (node.nodeType === Node.ELEMENT_NODE) {
            translateTree(node);
          }
        });
        if (mutation.type === "characterData") {
          translateText(mutation.target);
        }
      });
    }).observe(root, { childList: true, subtree: true, characterData: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

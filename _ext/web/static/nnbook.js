// nnbook: a widget's images take the alt text of their cell (see _ext/web_pages.py).
// Widgets are drawn by embed-amd.js after the page loads, so images are named as they appear.
(function () {
  function name() {
    document.querySelectorAll(".nnbook-widget-alt").forEach(function (marker) {
      var cell = marker.closest(".cell") || marker.parentElement;
      cell.querySelectorAll(".widget-subarea img:not([alt])").forEach(function (img) {
        img.setAttribute("alt", marker.dataset.alt);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector(".nnbook-widget-alt")) return;
    name();
    new MutationObserver(name).observe(document.body, {childList: true, subtree: true});
  });
})();

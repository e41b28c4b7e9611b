// Small progressive enhancements; the portal works without them.
(function () {
  "use strict";
  // Move focus to new alerts so screen-reader and keyboard users notice them.
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "alerts") {
      var alert = e.detail.target.querySelector("[role=alert]");
      if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
    }
  });
  // After a boosted navigation, put focus on the main region like a page load would.
  document.addEventListener("htmx:afterSettle", function (e) {
    if (e.detail.boosted) {
      var main = document.getElementById("main");
      if (main) { main.focus({ preventScroll: true }); }
    }
  });
})();

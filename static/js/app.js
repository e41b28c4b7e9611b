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
  // Event times are shown in the event's own zone; add the reader's own
  // time when their zone differs ("Your time: Thu 3 Dec, 13:00–15:30 EST").
  function localTimes(root) {
    var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var lang = document.documentElement.lang || "en";
    root.querySelectorAll("[data-local-time]").forEach(function (el) {
      if (el.querySelector(".local-time")) { return; }
      var start = new Date(el.dataset.start), end = new Date(el.dataset.end), zone = el.dataset.zone;
      var opts = { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hour12: false };
      var there = new Intl.DateTimeFormat(lang, Object.assign({ timeZone: zone }, opts)).format(start);
      var here = new Intl.DateTimeFormat(lang, opts).format(start);
      if (!mine || mine === zone || there === here) { return; }
      var until = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short" }).format(end);
      var span = document.createElement("span");
      span.className = "local-time";
      span.textContent = " " + el.dataset.label + " " + here + "–" + until;
      el.appendChild(span);
    });
  }
  // Copy buttons (for share links) need the clipboard, so they show only
  // where there is one; the link stays selectable in its field anyway.
  function copyButtons(root) {
    if (!navigator.clipboard) { return; }
    root.querySelectorAll("button[data-copy][hidden]").forEach(function (b) { b.hidden = false; });
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-copy]");
    if (!button) { return; }
    var field = document.querySelector(button.dataset.copy);
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = button.dataset.copied;
    });
  });
  // "Select all" in the talent pool ticks every member of the page for the
  // bulk form; without JavaScript members are ticked one by one.
  function selectAllButtons(root) {
    root.querySelectorAll("button[data-select-all][hidden]").forEach(function (b) { b.hidden = false; });
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-select-all]");
    if (!button) { return; }
    var boxes = document.querySelectorAll('input[type=checkbox][form="' + button.dataset.selectAll + '"]');
    var all = Array.prototype.every.call(boxes, function (b) { return b.checked; });
    boxes.forEach(function (b) { b.checked = !all; });
  });
  // Ask the browser once for the member's time zone, so mail keeps out of
  // their quiet hours; until then their country's zone stands in.
  function tellTimeZone() {
    var ask = document.querySelector('meta[name="time-zone-ask"]');
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!ask || !zone || !window.fetch) { return; }
    var body = new URLSearchParams({ time_zone: zone, csrf_token: document.querySelector('meta[name="csrf-token"]').content });
    fetch(ask.content, { method: "POST", body: body, credentials: "same-origin" });
    ask.remove();
  }
  document.addEventListener("DOMContentLoaded", tellTimeZone);
  function enhance(root) { localTimes(root); copyButtons(root); selectAllButtons(root); }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (e) { enhance(e.detail.elt || document); });
})();

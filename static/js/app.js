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
    bulkSelection(button.dataset.selectAll);
  });
  // Ticking members brings the bulk actions beside them: the bar says how
  // many are ticked and stays at the bottom of the screen while any are.
  function bulkSelection(formId) {
    var form = document.getElementById(formId);
    if (!form) { return; }
    var n = document.querySelectorAll('input[type=checkbox][form="' + formId + '"]:checked').length;
    var label = form.querySelector("[data-bulk-count]");
    if (label) { label.textContent = n ? label.dataset.some.replace("{n}", n) : label.dataset.none; }
    var panel = form.querySelector("details");
    // At a desk the actions open beside the first tick; on a phone the bar
    // stays one line ("2 selected: …") until tapped, so the list stays in view.
    var roomy = !window.matchMedia || window.matchMedia("(min-width: 768px)").matches;
    if (n && !form.classList.contains("active") && panel && roomy) { panel.open = true; }
    form.classList.toggle("active", n > 0);
  }
  document.addEventListener("change", function (e) {
    var box = e.target;
    if (box.matches && box.matches("input[type=checkbox][form]")) { bulkSelection(box.getAttribute("form")); }
  });
  // A colour picker keeps its text field in step (the field is what is sent;
  // without JavaScript the picker stays hidden and the hex code is typed).
  function colourPickers(root) {
    if (!root.querySelectorAll) { return; }
    root.querySelectorAll("input[data-colour-for][hidden]").forEach(function (picker) {
    var field = document.getElementById(picker.dataset.colourFor);
    if (!field) { return; }
    picker.hidden = false;
    picker.addEventListener("input", function () { field.value = picker.value; });
    field.addEventListener("input", function () { if (/^#[0-9a-fA-F]{6}$/.test(field.value)) { picker.value = field.value.toLowerCase(); } });
    });
  }
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
  // The insights' charts: uPlot is fetched the first time a page has one,
  // and draws each from the JSON in its data-chart attribute (htmx drops
  // script elements from what it swaps in, even inert JSON ones). Colours (Okabe–Ito) and dashes
  // tell the series apart without colour vision; the table below each chart
  // holds the same figures for screen readers and keyboards.
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
  var dashes = [[], [8, 4], [2, 4], [10, 4, 2, 4], [1, 3], [14, 6]];
  var nlNames = {
    MMMM: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    MMM: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    WWWW: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    WWW: ["zo", "ma", "di", "wo", "do", "vr", "za"]
  };
  var uplotWaiting = null;
  function withUPlot(src, then) {
    if (window.uPlot) { then(); return; }
    if (!uplotWaiting) {
      uplotWaiting = [];
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { var w = uplotWaiting; uplotWaiting = null; w.forEach(function (f) { f(); }); };
      document.head.appendChild(s);
    }
    uplotWaiting.push(then);
  }
  function charts(root) {
    var figs = root.querySelectorAll ? root.querySelectorAll("figure[data-chart]:not([data-drawn])") : [];
    if (!figs.length) { return; }
    withUPlot(figs[0].getAttribute("data-uplot"), function () {
      // One chart that cannot draw leaves the others (and its table) be.
      figs.forEach(function (f) { try { drawChart(f); } catch (e) { f.setAttribute("data-error", String(e)); } });
    });
  }
  function drawChart(fig) {
    if (fig.hasAttribute("data-drawn")) { return; }
    fig.setAttribute("data-drawn", "");
    var d = JSON.parse(fig.getAttribute("data-chart"));
    var ink = getComputedStyle(fig).color;
    var grid = { stroke: "rgba(128,128,128,0.25)", width: 1 };
    var cats = d.shape === "categories";
    var n = d.series.length;
    // Points with names (events, editions, waits) are bars; several series
    // stand side by side in a group per point: group i takes the x values
    // i*(n+1) … i*(n+1)+n-1, each series its own, and a gap.
    var group = cats ? n + 1 : 1;
    var xs = [];
    if (cats) { d.labels.forEach(function (_, i) { for (var s = 0; s < group; s++) { xs.push(i * group + s); } }); } else { xs = d.x; }
    var values = d.series.map(function (s, si) {
      return cats ? xs.map(function (x) { return x % group === si ? s.values[Math.floor(x / group)] : null; }) : s.values;
    });
    var pointOf = function (v) { return cats ? Math.floor(v / group) : xs.indexOf(v); };
    var series = [{ label: d.xLabel, value: function (u, v) { return v == null ? "" : d.labels[pointOf(v)]; } }];
    d.series.forEach(function (s, i) {
      series.push({
        label: s.label, stroke: palette[i % palette.length], width: 2, dash: cats ? undefined : dashes[i % dashes.length],
        fill: cats ? palette[i % palette.length] + "b3" : undefined,
        paths: cats ? uPlot.paths.bars({ size: [0.9, 48] }) : undefined,
        points: { show: !cats && xs.length <= 60, size: 6 }
      });
    });
    var xAxis = { stroke: ink, grid: grid, ticks: grid };
    if (cats) {
      var ticks = d.ticks || d.labels;
      xAxis.splits = function () { return d.labels.map(function (_, i) { return i * group + (n - 1) / 2; }); };
      xAxis.values = function (u, splits) { return splits.map(function (x) { var l = ticks[pointOf(Math.round(x))] || ""; return l.length > 22 ? l.slice(0, 21) + "…" : l; }); };
      xAxis.rotate = -30;
      xAxis.size = 90;
    } else if (window.Intl) {
      // Dates as the reader writes them ("3 Nov", "nov. '26"), not uPlot's "11/3".
      var fmt = new Intl.DateTimeFormat(d.lang, d.step === "month" ? { month: "short", year: "2-digit", timeZone: "UTC" } : { day: "numeric", month: "short", timeZone: "UTC" });
      xAxis.values = function (u, splits) { return splits.map(function (s) { return fmt.format(new Date(s * 1e3)); }); };
      if (d.step === "month") { xAxis.splits = function () { return d.x; }; } // one tick a month, on its point
    }
    var opts = {
      width: Math.max(fig.clientWidth, 280), height: 260,
      series: series,
      scales: { x: cats ? { time: false, range: [-0.75, xs.length - 1.25] } : { time: true } },
      // Counts: whole numbers on the value axis.
      axes: [xAxis, { stroke: ink, grid: grid, ticks: grid, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] }],
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "UTC"); },
      // The legend names the series; the values are in the table ("--" until hovered read as missing).
      legend: { live: false }
    };
    if (d.lang === "nl") { opts.fmtDate = function (tpl) { return uPlot.fmtDate(tpl, nlNames); }; }
    var u = new uPlot(opts, [xs].concat(values), fig);
    u.root.querySelectorAll("canvas").forEach(function (c) { c.setAttribute("aria-hidden", "true"); });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { u.setSize({ width: Math.max(fig.clientWidth, 280), height: 260 }); }).observe(fig);
    }
  }
  // Typing a date in the insights' period means choosing dates.
  document.addEventListener("change", function (e) {
    if (!e.target.matches || !e.target.matches(".insights-period input[type=date]")) { return; }
    var custom = e.target.form.querySelector("input[name=range][value=custom]");
    if (custom) { custom.checked = true; }
  });
  // On a phone the site's links fold behind a Menu button, so the page's
  // content comes first; the recruiters' tabs scroll sideways on one line,
  // the current one in view.
  function phoneNav(root) {
    var toggle = document.querySelector(".menu-toggle[hidden]");
    if (toggle) {
      toggle.hidden = false;
      toggle.closest("nav").classList.add("foldable");
    }
    var current = root.querySelector && root.querySelector(".tabs a[aria-current=page]");
    if (current && current.parentNode.scrollWidth > current.parentNode.clientWidth) {
      current.parentNode.scrollLeft = current.offsetLeft - current.parentNode.offsetLeft - 16;
    }
  }
  document.addEventListener("click", function (e) {
    var toggle = e.target.closest && e.target.closest(".menu-toggle");
    if (!toggle) { return; }
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.closest("nav").classList.toggle("open", open);
  });
  // Filters fold away on a phone, so the results come first; the button
  // says how many are in force.
  var phone = window.matchMedia ? window.matchMedia("(max-width: 768px)") : { matches: false };
  function filterPanels(root) {
    (root.querySelectorAll ? root.querySelectorAll("details.filters") : []).forEach(function (d) {
      if (!d.hasAttribute("data-folded")) {
        d.setAttribute("data-folded", "");
        if (phone.matches) { d.open = false; }
      }
      var n = d.querySelectorAll('input[type=checkbox]:checked, input[type=radio]:checked:not([value=""])').length;
      var count = d.querySelector(".filter-count");
      if (count) { count.textContent = n ? " (" + n + ")" : ""; }
    });
  }
  document.addEventListener("change", function (e) {
    var d = e.target.closest && e.target.closest("details.filters");
    if (d) { filterPanels(d.parentNode); }
  });
  // At the door: once someone is checked in, the search box empties and
  // takes the next name.
  document.addEventListener("htmx:afterSettle", function (e) {
    var row = e.detail.elt;
    if (!row || !row.classList || !row.classList.contains("door-row")) { return; }
    var q = document.getElementById("attendee-q");
    if (!q || !q.value) { return; }
    q.value = "";
    if (window.htmx) { htmx.trigger(q.form, "submit"); }
    q.focus();
  });
  function enhance(root) { localTimes(root); copyButtons(root); selectAllButtons(root); charts(root); phoneNav(root); filterPanels(document); colourPickers(root); }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (e) { enhance(e.detail.elt || document); });
})();

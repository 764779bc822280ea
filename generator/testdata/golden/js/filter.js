/* playbook: filters for the platform table, the tool table and the decision
   log. Progressive enhancement: without this script every row is shown and
   the filter controls stay hidden.

   Markup: <div data-filter-for="ID" hidden> holds an input[data-filter-text],
   a select[data-filter-status] and a [data-filter-count]; the element #ID
   holds the items ([data-filter-item], with data-status) and optional groups
   ([data-filter-group]) that are hidden when none of their items shows.
   ?q=... and ?status=... in the page address preset the filter. */
(function () {
  "use strict";

  function words(s) {
    return (s || "").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function setup(box) {
    var target = document.getElementById(box.getAttribute("data-filter-for"));
    if (!target) {
      return;
    }
    var items = Array.prototype.slice.call(target.querySelectorAll("[data-filter-item]"));
    var groups = Array.prototype.slice.call(target.querySelectorAll("[data-filter-group]"));
    var text = box.querySelector("[data-filter-text]");
    var status = box.querySelector("[data-filter-status]");
    // More facets: <select data-filter-facet="risk"> keeps the items whose
    // data-risk (a space-separated list) holds the chosen value.
    var facets = Array.prototype.slice.call(box.querySelectorAll("select[data-filter-facet]"));
    var count = box.querySelector("[data-filter-count]");
    var noun = (count && count.getAttribute("data-noun")) || "items";
    var haystacks = items.map(function (item) {
      return (item.textContent || "").toLowerCase().replace(/\s+/g, " ");
    });

    function apply() {
      var want = words(text ? text.value : "");
      var st = status ? status.value : "";
      var shown = 0;
      items.forEach(function (item, i) {
        var ok = (!st || item.getAttribute("data-status") === st) &&
          facets.every(function (f) {
            return !f.value || (" " + (item.getAttribute("data-" + f.getAttribute("data-filter-facet")) || "") + " ").indexOf(" " + f.value + " ") !== -1;
          }) &&
          want.every(function (w) { return haystacks[i].indexOf(w) !== -1; });
        item.hidden = !ok;
        if (ok) {
          shown++;
        }
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector("[data-filter-item]:not([hidden])");
      });
      if (count) {
        if (shown === items.length) {
          count.textContent = "Showing all " + items.length + " " + noun + ".";
        } else if (shown === 0) {
          count.textContent = "No " + noun + " match the filter.";
        } else {
          count.textContent = "Showing " + shown + " of " + items.length + " " + noun + ".";
        }
      }
    }

    var params = new URLSearchParams(window.location.search);
    if (text && params.has("q")) {
      text.value = params.get("q");
    }
    if (status && params.has("status")) {
      var v = params.get("status");
      if (Array.prototype.some.call(status.options, function (o) { return o.value === v; })) {
        status.value = v;
      }
    }
    facets.forEach(function (f) {
      var name = f.getAttribute("data-filter-facet");
      if (params.has(name)) {
        var v = params.get(name);
        if (Array.prototype.some.call(f.options, function (o) { return o.value === v; })) {
          f.value = v;
        }
      }
      f.addEventListener("change", apply);
    });
    if (text) {
      text.addEventListener("input", apply);
    }
    if (status) {
      status.addEventListener("change", apply);
    }
    box.hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter-for]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

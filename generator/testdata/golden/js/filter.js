/* playbook: filters for the platform table, the tool table, the decision
   log and the auditor's table, and the column sorting of the auditor's
   table. Progressive enhancement: without this script every row is shown,
   in the order the page was built, and the filter controls stay hidden.

   Filter markup: <div data-filter-for="ID" hidden> holds an
   input[data-filter-text], a select[data-filter-status], more selects
   (select[data-filter-facet="NAME"]), optional date inputs
   (input[data-filter-from], input[data-filter-to]) and a
   [data-filter-count]. The element #ID holds the items ([data-filter-item],
   with data-status, data-NAME: a space-separated list of keys, data-date:
   YYYY-MM-DD or empty, data-filter-words: more words the text filter finds
   them by, such as the names of the people a record names) and optional
   groups ([data-filter-group]) that are hidden when none of their items
   shows.

   Sort markup: <table data-sortable> whose header cells th[data-sort="KEY"]
   (with data-sort-asc and data-sort-desc: the words that say the order in
   the caption, and aria-sort on the column the rows come sorted by) get a
   button that sorts by them. Each body row holds data-sort-KEY, its rank
   in ascending order (rows with an equal value share it); an empty rank
   means no value, and such rows go last either way. A caption with
   data-sort-caption says the order and, when filtered, what is shown.

   The page address keeps the state: ?q=, ?status=, ?NAME= for each facet,
   ?from=, ?to=, ?sort=KEY&dir=asc|desc. It presets the controls when the
   page opens, and follows every change (history.replaceState), so that a
   filtered, sorted view can be sent as a link. */
(function () {
  "use strict";

  var isoDate = /^\d{4}-\d{2}-\d{2}$/;

  function words(s) {
    return (s || "").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function toArray(list) {
    return Array.prototype.slice.call(list);
  }

  // setAddress sets (or, for an empty value, removes) parameters of the
  // page address, leaving the others as they are.
  function setAddress(changes) {
    var params = new URLSearchParams(window.location.search);
    Object.keys(changes).forEach(function (k) {
      if (changes[k]) {
        params.set(k, changes[k]);
      } else {
        params.delete(k);
      }
    });
    var qs = params.toString();
    var url = window.location.pathname + (qs ? "?" + qs : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      try {
        window.history.replaceState(window.history.state, "", url);
      } catch (e) {
        // An address the browser refuses to set (a file: page in some
        // browsers): the view still filters.
      }
    }
  }

  function hasOption(select, v) {
    return toArray(select.options).some(function (o) { return o.value === v; });
  }

  // labelOf is the text of the label of a control.
  function labelOf(box, control) {
    var l = control.id && box.querySelector('label[for="' + control.id + '"]');
    return l ? l.textContent.trim() : "";
  }

  function setupFilter(box) {
    var target = document.getElementById(box.getAttribute("data-filter-for"));
    if (!target) {
      return;
    }
    var items = toArray(target.querySelectorAll("[data-filter-item]"));
    var groups = toArray(target.querySelectorAll("[data-filter-group]"));
    var text = box.querySelector("[data-filter-text]");
    var status = box.querySelector("[data-filter-status]");
    // More facets: <select data-filter-facet="risk"> keeps the items whose
    // data-risk (a space-separated list) holds the chosen value.
    var facets = toArray(box.querySelectorAll("select[data-filter-facet]"));
    var from = box.querySelector("[data-filter-from]");
    var to = box.querySelector("[data-filter-to]");
    var count = box.querySelector("[data-filter-count]");
    var noun = (count && count.getAttribute("data-noun")) || "items";
    var haystacks = items.map(function (item) {
      return ((item.textContent || "") + " " + (item.getAttribute("data-filter-words") || "")).toLowerCase().replace(/\s+/g, " ");
    });
    var selects = (status ? [{ el: status, param: "status" }] : []).concat(facets.map(function (f) {
      return { el: f, param: f.getAttribute("data-filter-facet") };
    }));
    var dates = [{ el: from, param: "from" }, { el: to, param: "to" }].filter(function (d) { return d.el; });

    function dateValue(input) {
      return input && isoDate.test(input.value) ? input.value : "";
    }

    // summary says in words which filters are set: "Person: Kim Cho;
    // Escalation: Was escalated".
    function summary() {
      var parts = [];
      if (text && text.value.trim()) {
        parts.push(labelOf(box, text) + ": \u201c" + text.value.trim() + "\u201d");
      }
      selects.forEach(function (s) {
        var o = s.el.options[s.el.selectedIndex];
        if (s.el.value && o) {
          parts.push(labelOf(box, s.el) + ": " + (o.getAttribute("data-name") || o.textContent.trim()));
        }
      });
      dates.forEach(function (d) {
        if (dateValue(d.el)) {
          parts.push(labelOf(box, d.el) + " " + dateValue(d.el));
        }
      });
      return parts.join("; ");
    }

    function apply() {
      var want = words(text ? text.value : "");
      var lo = dateValue(from), hi = dateValue(to);
      var shown = 0;
      items.forEach(function (item, i) {
        var date = item.getAttribute("data-date") || "";
        var ok = selects.every(function (s) {
            var v = s.el.value;
            if (!v) {
              return true;
            }
            if (s.el === status) {
              return item.getAttribute("data-status") === v;
            }
            return (" " + (item.getAttribute("data-" + s.param) || "") + " ").indexOf(" " + v + " ") !== -1;
          }) &&
          (!lo || (date && date >= lo)) &&
          (!hi || (date && date <= hi)) &&
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
      var changes = { q: text ? text.value.trim() : "" };
      selects.forEach(function (s) { changes[s.param] = s.el.value; });
      dates.forEach(function (d) { changes[d.param] = dateValue(d.el); });
      setAddress(changes);
      var ev;
      try {
        ev = new CustomEvent("playbook:filtered", { detail: { shown: shown, total: items.length, noun: noun, summary: summary() } });
      } catch (e) {
        ev = null;
      }
      if (ev) {
        target.dispatchEvent(ev);
      }
    }

    var params = new URLSearchParams(window.location.search);
    if (text && params.has("q")) {
      text.value = params.get("q");
    }
    selects.forEach(function (s) {
      if (params.has(s.param) && hasOption(s.el, params.get(s.param))) {
        s.el.value = params.get(s.param);
      }
      s.el.addEventListener("change", apply);
    });
    dates.forEach(function (d) {
      if (isoDate.test(params.get(d.param) || "")) {
        d.el.value = params.get(d.param);
      }
      d.el.addEventListener("change", apply);
      d.el.addEventListener("input", apply);
    });
    if (text) {
      text.addEventListener("input", apply);
    }
    box.hidden = false;
    apply();
  }

  function setupSort(table) {
    var heads = toArray(table.querySelectorAll("thead th[data-sort]"));
    var body = table.tBodies[0];
    if (!heads.length || !body) {
      return;
    }
    var rows = toArray(body.rows); // in the order the page was built
    var caption = table.querySelector("caption[data-sort-caption]");
    var built = { key: "", dir: "" }; // the order the page was built in
    heads.forEach(function (h) {
      var s = h.getAttribute("aria-sort");
      if (s === "ascending" || s === "descending") {
        built = { key: h.getAttribute("data-sort"), dir: s === "ascending" ? "asc" : "desc" };
      }
    });
    var state = { key: built.key, dir: built.dir };
    var filtered = null; // the last playbook:filtered detail

    function head(key) {
      return heads.filter(function (h) { return h.getAttribute("data-sort") === key; })[0];
    }

    function rank(row) {
      var v = row.getAttribute("data-sort-" + state.key);
      return v === null || v === "" ? null : Number(v);
    }

    function describe() {
      if (!caption) {
        return;
      }
      var h = head(state.key);
      var order = h ? h.getAttribute(state.dir === "asc" ? "data-sort-asc" : "data-sort-desc") || "" : "";
      var s = caption.getAttribute("data-sort-caption");
      if (filtered && filtered.shown !== filtered.total) {
        s = filtered.shown + " of " + filtered.total + " " + filtered.noun;
      }
      if (order) {
        s += ", " + order;
      }
      if (filtered && filtered.shown !== filtered.total && filtered.summary) {
        s += " (" + filtered.summary + ")";
      }
      caption.textContent = s;
    }

    function apply() {
      var order = rows.map(function (r, i) { return i; });
      if (state.key) {
        var keys = rows.map(rank);
        order.sort(function (a, b) {
          var ra = keys[a], rb = keys[b];
          if (ra === null || rb === null) {
            return ra === rb ? a - b : (ra === null ? 1 : -1);
          }
          if (ra !== rb) {
            return state.dir === "asc" ? ra - rb : rb - ra;
          }
          return a - b;
        });
      }
      order.forEach(function (i) { body.appendChild(rows[i]); });
      heads.forEach(function (h) {
        if (h.getAttribute("data-sort") === state.key) {
          h.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
        } else {
          h.removeAttribute("aria-sort");
        }
      });
      describe();
      var same = state.key === built.key && state.dir === built.dir;
      setAddress({ sort: same ? "" : state.key, dir: same ? "" : state.dir });
    }

    heads.forEach(function (h) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort-button";
      while (h.firstChild) {
        b.appendChild(h.firstChild);
      }
      var icon = document.createElement("span");
      icon.className = "sort-icon";
      icon.setAttribute("aria-hidden", "true");
      b.appendChild(icon);
      h.appendChild(b);
      b.addEventListener("click", function () {
        var key = h.getAttribute("data-sort");
        if (state.key === key) {
          state.dir = state.dir === "asc" ? "desc" : "asc";
        } else {
          state.key = key;
          state.dir = "asc";
        }
        apply();
      });
    });
    table.addEventListener("playbook:filtered", function (e) {
      filtered = e.detail;
      describe();
    });

    var params = new URLSearchParams(window.location.search);
    if (head(params.get("sort") || "")) {
      state.key = params.get("sort");
      state.dir = params.get("dir") === "desc" ? "desc" : "asc";
    }
    table.classList.add("sortable");
    apply();
  }

  function init() {
    // Sorting first: it then hears the filters' first report.
    toArray(document.querySelectorAll("table[data-sortable]")).forEach(setupSort);
    toArray(document.querySelectorAll("[data-filter-for]")).forEach(setupFilter);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

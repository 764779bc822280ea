// playbook serve: live reload and the error overlay. Added to pages by the
// preview server only; `playbook build` output never contains it.
(function () {
  "use strict";
  var me = document.currentScript;
  var loadedBuild = me ? me.getAttribute("data-build") : "";
  // The file the server answered with: 404.html for a missing page.
  var servedFile = me ? me.getAttribute("data-file") : "";
  var scrollKey = "playbook-scroll:" + location.pathname;

  // Put the page back where the reader was before a reload.
  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved !== null) {
      sessionStorage.removeItem(scrollKey);
      var xy = JSON.parse(saved);
      var restore = function () { window.scrollTo(xy[0], xy[1]); };
      if (document.readyState === "complete") restore();
      else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be off: reload without keeping the place */ }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) { /* ignore */ }
    location.reload();
  }

  // The output path of this page, as the server names changed files.
  function pagePath() {
    var p = decodeURIComponent(location.pathname).replace(/^\//, "");
    if (p === "" || p.charAt(p.length - 1) === "/") p += "index.html";
    return p;
  }

  function localPath(url) {
    try {
      var u = new URL(url, location.href);
      if (u.origin !== location.origin) return "";
      return decodeURIComponent(u.pathname).replace(/^\//, "");
    } catch (e) {
      return "";
    }
  }

  // swapStyles reloads the stylesheets that changed, without a page reload.
  // The new <link> goes in beside the old one, which is removed once the new
  // one has loaded, so the page is never unstyled. When saves come faster
  // than a stylesheet loads, only the newest link cleans up: it removes
  // every other link to the same file, so exactly one is left.
  var newest = {};
  function swapStyles(changed, build) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    var last = {};
    for (var i = 0; i < links.length; i++) {
      var base = links[i].getAttribute("href").split("?")[0];
      if (changed.indexOf(localPath(base)) >= 0) last[base] = links[i];
    }
    Object.keys(last).forEach(function (base) {
      var link = last[base];
      var fresh = link.cloneNode();
      fresh.setAttribute("href", base + "?v=" + build);
      newest[base] = fresh;
      fresh.addEventListener("load", function () {
        if (newest[base] !== fresh) return;
        var all = document.querySelectorAll('link[rel="stylesheet"]');
        for (var j = 0; j < all.length; j++) {
          var l = all[j];
          if (l !== fresh && l.getAttribute("href").split("?")[0] === base && l.parentNode) l.parentNode.removeChild(l);
        }
      });
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  // usesAny reports whether this page shows one of the changed files.
  function usesAny(changed) {
    if (changed.indexOf(pagePath()) >= 0) return true;
    if (servedFile && changed.indexOf(servedFile) >= 0) return true;
    var els = document.querySelectorAll("img[src], script[src], link[href], object[data], source[src]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el === me) continue;
      if (el.tagName === "LINK" && el.getAttribute("rel") === "stylesheet") continue;
      var u = el.getAttribute("src") || el.getAttribute("href") || el.getAttribute("data");
      if (changed.indexOf(localPath(u.split("?")[0])) >= 0) return true;
    }
    return false;
  }

  var overlay = null;
  // The element that had the focus before the overlay took it.
  var focusBefore = null;

  function hideErrors() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  // closeErrors is the reader closing the overlay (its button or Esc): the
  // focus goes back where it was. The next failing save shows it again.
  function closeErrors() {
    if (!overlay) return;
    hideErrors();
    if (focusBefore && focusBefore.focus && document.contains(focusBefore)) focusBefore.focus({ preventScroll: true });
    focusBefore = null;
  }

  // While the overlay is open, Esc closes it and Tab stays on its close
  // button, the one control in it.
  document.addEventListener("keydown", function (ev) {
    if (!overlay) return;
    if (ev.key === "Escape" || ev.key === "Esc") {
      ev.preventDefault();
      ev.stopPropagation();
      closeErrors();
    } else if (ev.key === "Tab") {
      ev.preventDefault();
      var b = overlay.querySelector(".pb-close");
      if (b) b.focus();
    }
  }, true);

  // showErrors draws the overlay. Every text goes in through textContent,
  // so nothing an author wrote can become markup.
  function showErrors(errors) {
    if (!overlay) {
      var active = document.activeElement;
      focusBefore = active && active !== document.body ? active : null;
    }
    hideErrors();
    overlay = document.createElement("div");
    overlay.id = "playbook-errors";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", "playbook-errors-title");
    var box = document.createElement("div");
    box.className = "pb-box";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "pb-close";
    close.textContent = "Close";
    close.title = "Close (Esc); the next failing save shows the errors again";
    close.addEventListener("click", closeErrors);
    box.appendChild(close);
    var h = document.createElement("h2");
    h.id = "playbook-errors-title";
    h.textContent = "The last save broke the build (" + errors.length + (errors.length === 1 ? " error" : " errors") + ")";
    box.appendChild(h);
    var note = document.createElement("p");
    note.textContent = "The preview shows the last good build. This message goes away by itself on the save that fixes it; Close or Esc hides it until the next failing save.";
    box.appendChild(note);
    var list = document.createElement("ol");
    for (var i = 0; i < errors.length; i++) {
      var e = errors[i];
      var li = document.createElement("li");
      var where = document.createElement("code");
      where.className = "pb-where";
      where.textContent = e.file + (e.line ? ":" + e.line + (e.col ? ":" + e.col : "") : "");
      li.appendChild(where);
      var msg = document.createElement("p");
      msg.className = "pb-msg";
      msg.textContent = e.message;
      li.appendChild(msg);
      if (e.source) {
        var pre = document.createElement("pre");
        pre.className = "pb-source";
        pre.textContent = e.line + " | " + e.source + (e.col ? "\n" + " ".repeat(String(e.line).length + 3 + Math.max(0, e.col - 1)) + "^" : "");
        li.appendChild(pre);
      }
      list.appendChild(li);
    }
    box.appendChild(list);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
    close.focus({ preventScroll: true });
  }

  function connect() {
    // The server sends, on connecting, what changed since the build this
    // page came from, then every later change. It names the last build it
    // told us about as the event id, which the browser sends back by
    // itself when it reconnects.
    var es = new EventSource("/_playbook/events?build=" + encodeURIComponent(loadedBuild));
    es.addEventListener("change", function (ev) {
      var c = JSON.parse(ev.data);
      hideErrors();
      if (c.reload || usesAny(c.changed)) {
        reload();
        return;
      }
      swapStyles(c.changed, c.build);
    });
    es.addEventListener("errors", function (ev) {
      showErrors(JSON.parse(ev.data).errors);
    });
    es.addEventListener("ok", function () {
      hideErrors();
    });
  }
  connect();
})();

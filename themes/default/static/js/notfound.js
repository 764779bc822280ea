/* playbook: the suggestion on the 404 page. An address that differs from a
   page's only in the case of its letters (/decisions/DR-0009/, written the
   way records are named, for /decisions/dr-0009/), that lacks its last
   slash, or that names the markdown file (/tools/hootsuite.md,
   /content/tools/hootsuite.md) is offered as a link to that page, once a
   request for it has found it there.

   Markup: <p data-notfound-suggest data-base="BASE" hidden> holding an <a>;
   BASE is the site's base path ("/" or "/playbook/"). The script fills the
   link with the page's address and title and shows the paragraph; it sets
   data-checked on it when it is done either way. It runs under the site's
   Content-Security-Policy (a file of the site, no inline code) and asks
   nothing of anyone but the site itself. */
(function () {
  "use strict";
  var box = document.querySelector("[data-notfound-suggest]");
  if (!box) return;
  var done = function () { box.setAttribute("data-checked", ""); };
  if (!window.fetch || !window.DOMParser) return done();

  var base = box.getAttribute("data-base") || "/";
  var path = location.pathname;
  if (path.toLowerCase().indexOf(base.toLowerCase()) !== 0) return done();
  var rest = path.slice(base.length);
  rest = rest.replace(/^content\//i, "").replace(/(^|\/)index\.html$/i, "$1");
  if (/\.md$/i.test(rest)) rest = rest.replace(/\.md$/i, "").replace(/(^|\/)_index$/i, "") + "/";
  rest = rest.toLowerCase();
  if (rest !== "" && !/\/$/.test(rest) && !/\.[a-z0-9]+$/.test(rest)) rest += "/";
  var target = base + rest;
  if (target === path) return done();

  fetch(target, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) return null;
    return r.text();
  }).then(function (html) {
    if (html == null) return done();
    var doc = new DOMParser().parseFromString(html, "text/html");
    if (doc.body && /\bkind-not-found\b/.test(doc.body.className)) return done(); // a host that answers 200 with the 404 page
    var h1 = doc.getElementById("page-title");
    var title = h1 ? h1.textContent.replace(/\s+/g, " ").trim() : "";
    var a = box.querySelector("a");
    a.href = target;
    try {
      a.textContent = title || decodeURIComponent(target);
    } catch (e) {
      a.textContent = target;
    }
    box.hidden = false;
    done();
  }, done);
})();

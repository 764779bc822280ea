/* playbook: the request form (/request/). It checks the answers with the
   rules the build applies, and writes from them the proposed decision
   record a security reviewer needs, in the contract's format. Nothing is
   sent anywhere: the reader copies the record, downloads it, opens it as a
   new file on the repository's web host, or e-mails it.

   Everything the page cannot know by itself comes from the build, as JSON
   in the form's data-request attribute: the next free id and file number,
   the folder of decision records, the web host's "new file" address, the
   e-mail address, the limits, the values security fills in later, and the
   platforms and tools of the playbook with the names they go by. Without
   JavaScript the form stays hidden and a <noscript> note points to the
   request process. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-request]");
  if (!form) {
    return;
  }
  var cfg;
  try {
    cfg = JSON.parse(form.getAttribute("data-request"));
  } catch (e) {
    return;
  }
  var result = document.querySelector("[data-request-result]");
  var recordBox = result.querySelector("[data-request-record]");
  var fileBox = result.querySelector("[data-request-file]");
  var status = result.querySelector("[data-request-status]");
  var openLink = result.querySelector("[data-request-open]");
  var mailLink = result.querySelector("[data-request-mail]");
  var copyButton = result.querySelector("[data-request-copy]");
  var downloadButton = result.querySelector("[data-request-download]");
  var summary = form.querySelector("[data-request-summary]");
  var matchNote = form.querySelector("[data-request-match]");
  var el = function (name) { return form.elements[name]; };

  // The sections of `playbook new decision`, in its order; the risk
  // assessment keeps the template's words until security writes it.
  var riskPlaceholder = "What security found: data involved, account security, vendor, legal.";

  // slug makes a file name from a title as `playbook new` does (package
  // scaffold's Slug): lower-case ASCII letters and digits joined by
  // hyphens, accents dropped, at most 60 characters.
  function slug(title) {
    var out = "";
    var hyphen = false;
    var chars = Array.from(String(title).normalize("NFKD"));
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (/\p{Mn}/u.test(c)) {
        continue;
      }
      if (/^[A-Za-z0-9]$/.test(c)) {
        if (hyphen && out) {
          out += "-";
        }
        hyphen = false;
        out += c.toLowerCase();
      } else {
        hyphen = true;
      }
    }
    if (out.length > 60) {
      out = out.slice(0, 60).replace(/-+$/, "");
    }
    return out;
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // today is the reader's date, YYYY-MM-DD.
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // realDate reports whether s is a date YYYY-MM-DD that exists.
  function realDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) {
      return false;
    }
    var y = +m[1], mo = +m[2], d = +m[3];
    var t = new Date(Date.UTC(2000, mo - 1, d));
    t.setUTCFullYear(y);
    return y >= 1 && mo >= 1 && mo <= 12 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
  }

  function value(name) {
    var f = el(name);
    if (!f) {
      return "";
    }
    if (typeof f.value === "string") {
      return f.value.replace(/\r\n?/g, "\n").trim();
    }
    return "";
  }

  function oneLine(s) {
    return !/[\n\r\u0085\u2028\u2029]/.test(s);
  }

  // known is the platform or tool of the playbook the typed name stands
  // for, if any: its title, file name, or a part of a title such as
  // "X (Twitter)", compared as file names are made.
  function known(name) {
    var s = slug(name);
    if (!s) {
      return null;
    }
    for (var i = 0; i < cfg.known.length; i++) {
      var k = cfg.known[i];
      for (var j = 0; j < k.names.length; j++) {
        if (slug(k.names[j]) === s) {
          return k;
        }
      }
    }
    return null;
  }

  // webAddress is the address typed, with https:// added when it has no
  // scheme, or "" when it is not an http(s) address of a named host.
  function webAddress(s) {
    if (!s) {
      return "";
    }
    if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) {
      s = "https://" + s;
    }
    var u;
    try {
      u = new URL(s);
    } catch (e) {
      return "";
    }
    if ((u.protocol !== "https:" && u.protocol !== "http:") || u.hostname.indexOf(".") < 1 || /\s/.test(s)) {
      return "";
    }
    return u.href;
  }

  // rules are the checks of every answer: each returns "" or what is
  // wrong, in words that say what is expected.
  var rules = {
    name: function (v) {
      if (!v) {
        return "Give the name of the platform or tool.";
      }
      if (!slug(v)) {
        return "The name needs letters or digits.";
      }
      return "";
    },
    url: function (v) {
      if (!v) {
        return known(value("name")) ? "" : "Give its web address, so that security can look at it.";
      }
      return webAddress(v) ? "" : "Expected a web address such as https://www.threads.net.";
    },
    title: function (v) {
      if (!v) {
        return "Give the request a title.";
      }
      if (!oneLine(v)) {
        return "Expected the title on one line.";
      }
      if (Array.from(v).length > cfg.titleMax) {
        return "The title is " + Array.from(v).length + " characters long; expected at most " + cfg.titleMax + ".";
      }
      if (!slug(v)) {
        return "The title needs letters or digits to name the file with.";
      }
      return "";
    },
    need: function (v) { return v ? "" : "Say what marketing wants to do, and why."; },
    audience: function (v) { return v ? "" : "Say who it is for."; },
    accounts: function (v) { return v ? "" : "Say which accounts it needs, or \"none\"."; },
    data: function (v) { return v ? "" : "Choose the most sensitive data it would touch, or \"Not sure\"."; },
    dataDetail: function () { return ""; },
    access: function (v) { return v ? "" : "Say who needs access."; },
    by: function (v) {
      if (el("by").validity && el("by").validity.badInput) {
        return "Expected a complete date, YYYY-MM-DD.";
      }
      if (!v) {
        return "";
      }
      if (!realDate(v)) {
        return "Expected a date YYYY-MM-DD that exists, such as " + today() + ".";
      }
      if (v < today()) {
        return "That date has passed; expected today or later.";
      }
      return "";
    },
    requester: function (v) {
      if (!v) {
        return "Give your name: the record says who asked.";
      }
      return oneLine(v) ? "" : "Expected your name on one line.";
    },
    role: function (v) { return oneLine(v) ? "" : "Expected your role on one line."; },
    email: function (v) {
      return !v || /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/.test(v) ? "" : "Expected an e-mail address such as name@example.com.";
    }
  };
  var order = ["name", "url", "title", "need", "audience", "accounts", "data", "dataDetail", "access", "by", "requester", "role", "email"];

  // show puts the message next to the field, or clears it.
  function show(name, msg) {
    var f = el(name);
    var err = document.getElementById(f.id + "-error");
    if (err) {
      err.textContent = msg;
      err.hidden = !msg;
    }
    if (msg) {
      f.setAttribute("aria-invalid", "true");
    } else {
      f.removeAttribute("aria-invalid");
    }
  }

  // check checks every answer and returns the problems, in the form's
  // order; shown says to put them next to the fields.
  function check(shown) {
    var problems = [];
    order.forEach(function (name) {
      var msg = rules[name](value(name));
      if (shown) {
        show(name, msg);
      }
      if (msg) {
        problems.push({ name: name, msg: msg });
      }
    });
    return problems;
  }

  function showSummary(problems, extra) {
    while (summary.firstChild) {
      summary.removeChild(summary.firstChild);
    }
    if (!problems.length && !extra) {
      summary.hidden = true;
      return;
    }
    var p = document.createElement("p");
    p.textContent = extra || (problems.length === 1 ? "One answer needs attention:" : problems.length + " answers need attention:");
    summary.appendChild(p);
    if (problems.length) {
      var ul = document.createElement("ul");
      problems.forEach(function (pr) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + el(pr.name).id;
        a.textContent = pr.msg;
        a.addEventListener("click", function (ev) {
          ev.preventDefault();
          el(pr.name).focus();
        });
        li.appendChild(a);
        ul.appendChild(li);
      });
      summary.appendChild(ul);
    }
    summary.hidden = false;
  }

  // updateMatch says, as the name is typed, whether the playbook has it.
  function updateMatch() {
    while (matchNote.firstChild) {
      matchNote.removeChild(matchNote.firstChild);
    }
    var k = known(value("name"));
    if (!k) {
      return;
    }
    var kind = form.querySelector('input[name="kind"][value="' + k.kind + '"]');
    if (kind) {
      kind.checked = true;
    }
    matchNote.appendChild(document.createTextNode("In the playbook already: "));
    var a = document.createElement("a");
    a.href = k.url;
    a.textContent = k.title;
    matchNote.appendChild(a);
    matchNote.appendChild(document.createTextNode(" (" + k.status + "). Read its page first; the record will name it."));
  }

  // yamlString writes a YAML double-quoted string that holds any text.
  function yamlString(s) {
    if (typeof s.toWellFormed === "function") {
      s = s.toWellFormed();
    }
    return JSON.stringify(s).replace(/[\u007f\u0085\u2028\u2029]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  // mdLine keeps a line of an answer from starting a heading, a code
  // block, a link definition or a rule, any of which would change the
  // record's sections, and from holding HTML (a site with unsafe_html
  // would pass it through): each "<" is written as a character.
  function mdLine(line) {
    var t = line.trim().replace(/</g, "\\<");
    if (/^(#|\[|`{3}|~{3}|[-=*_+\s]+$)/.test(t)) {
      return "\\" + t;
    }
    return t;
  }

  // block is an answer as markdown: its lines kept, each made safe;
  // indent starts the lines after the first (inside a list item).
  function block(text, indent) {
    return text.split("\n").map(function (l, i) {
      var m = mdLine(l);
      return i === 0 || m === "" ? m : indent + m;
    }).join("\n");
  }

  // compose writes the record from the answers.
  function compose() {
    var k = known(value("name"));
    var name = k ? k.title : value("name");
    var kindInput = form.querySelector('input[name="kind"]:checked');
    var kind = k ? k.kind : (kindInput ? kindInput.value : "platforms");
    var title = value("title");
    var requester = value("requester");
    var role = value("role");
    var email = value("email");
    var url = webAddress(value("url"));
    var data = value("data");
    var detail = value("dataDetail");
    var by = value("by");
    var refs = { platforms: [], tools: [] };
    if (k) {
      refs[k.kind].push(k.slug);
    }
    var what = (kind === "tools" ? "a tool or service" : "a social platform");
    var about = block(name, "  ") + ", " + what;
    if (url) {
      about += " (<" + url + ">)";
    }
    if (k) {
      about += ", in the playbook already (" + k.status + ")";
    }
    var dataText = data === "unsure" ? "Not sure yet" : (cfg.dataLabels[data] || data);
    if (detail) {
      dataText += ": " + block(detail, "  ");
    }
    var who = [block(requester, "  ")];
    if (role) {
      who.push(block(role, "  "));
    }
    if (email) {
      who.push("<" + email + ">");
    }
    var lines = [
      "---",
      "id: " + cfg.id,
      "title: " + yamlString(title),
      "date: " + today(),
      "status: proposed",
      "requested_by: " + yamlString(role ? requester + " (" + role + ")" : requester),
      "assessed_by: " + yamlString(cfg.assessedBy) + "   # security: who assesses the risk",
      "risk: " + cfg.risk + "   # until security assesses it: low | medium | high | critical",
      "decided_by: []         # required once accepted or rejected",
      "conditions: []",
      "platforms: [" + refs.platforms.join(", ") + "]",
      "tools: [" + refs.tools.join(", ") + "]",
      "consulted: []",
      "informed: []",
      "tags: []",
      "---",
      "## Business need",
      "",
      block(value("need"), ""),
      "",
      "- **Platform or tool:** " + about,
      "- **Audience:** " + block(value("audience"), "  "),
      "- **Accounts:** " + block(value("accounts"), "  "),
      "- **Data it would touch:** " + dataText,
      "- **Who needs access:** " + block(value("access"), "  "),
      "- **Needed by:** " + (by || "no date given"),
      "- **Requested by:** " + who.join(", "),
      "",
      "## Risk assessment",
      "",
      riskPlaceholder,
      "",
      "## Options",
      "",
      "1. Use " + block(name, "   ") + " as described above, under the conditions security sets.",
      "2. Do not use " + block(name, "   ") + ".",
      "",
      "## Decision",
      "",
      "## Conditions",
      "",
      "## Consequences",
      ""
    ];
    return { text: lines.join("\n"), file: cfg.number + "-" + slug(title) + ".md", title: title };
  }

  var current = null; // the record shown, once written

  function setActions(on) {
    [copyButton, downloadButton].forEach(function (b) { b.disabled = !on; });
    [openLink, mailLink].forEach(function (a) {
      if (a) {
        a.hidden = !on;
      }
    });
  }

  function render(rec) {
    current = rec;
    recordBox.value = rec.text;
    fileBox.textContent = cfg.dir + rec.file;
    if (openLink) {
      openLink.href = cfg.newURL + "?" + cfg.nameParam + "=" + encodeURIComponent(cfg.repoDir + rec.file) +
        "&" + cfg.textParam + "=" + encodeURIComponent(rec.text);
    }
    if (mailLink) {
      var body = "Please review this request for the playbook. The file is " + cfg.dir + rec.file + ":\n\n" + rec.text;
      mailLink.href = "mailto:" + encodeURIComponent(cfg.email).replace(/%40/g, "@") +
        "?subject=" + encodeURIComponent("Request " + cfg.id + ": " + rec.title) +
        "&body=" + encodeURIComponent(body.replace(/\n/g, "\r\n"));
    }
    setActions(true);
  }

  // write checks the answers and, when they pass, shows the record.
  function write(focus) {
    var problems = check(true);
    var rec = problems.length ? null : compose();
    if (rec && new TextEncoder().encode(rec.text).length > cfg.maxBytes) {
      showSummary([], "The record is larger than the build reads (" + (cfg.maxBytes >> 20) + " MiB); shorten the answers.");
      return false;
    }
    showSummary(problems);
    if (!rec) {
      if (focus) {
        summary.focus();
      }
      return false;
    }
    render(rec);
    result.hidden = false;
    return true;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (write(true)) {
      status.textContent = "";
      result.querySelector("h2").focus();
    }
  });

  var touched = {};
  form.addEventListener("input", function (ev) {
    var name = ev.target.name;
    if (name === "name") {
      updateMatch();
    }
    if (current) {
      // The record follows the answers once it is shown.
      if (write(false)) {
        status.textContent = "";
      } else {
        setActions(false);
        status.textContent = "Fix the answers marked above to update the record.";
      }
    } else if (touched[name] && rules[name]) {
      show(name, rules[name](value(name)));
    }
  });
  // A field is checked once it has been left with an answer, then as it
  // is typed; the address again when the name changes, since a name the
  // playbook knows needs none.
  form.addEventListener("change", function (ev) {
    var name = ev.target.name;
    if (rules[name] && value(name)) {
      touched[name] = true;
    }
    if (touched[name] && rules[name]) {
      show(name, rules[name](value(name)));
    }
    if (name === "name" && touched.url) {
      show("url", rules.url(value("url")));
    }
  });

  copyButton.addEventListener("click", function () {
    if (!current) {
      return;
    }
    var done = function () { status.textContent = "Copied the record. Paste it into a new file " + cfg.dir + current.file + "."; };
    var fallback = function () {
      recordBox.focus();
      recordBox.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      if (ok) {
        done();
      } else {
        status.textContent = "The record is selected: press Ctrl+C (or ⌘+C) to copy it.";
      }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(current.text).then(done, fallback);
    } else {
      fallback();
    }
  });

  downloadButton.addEventListener("click", function () {
    if (!current) {
      return;
    }
    var blob = new Blob([current.text], { type: "text/markdown;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = current.file;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
    status.textContent = "Downloaded " + current.file + ". It belongs in the folder " + cfg.dir + ".";
  });

  updateMatch();
  form.hidden = false;
})();

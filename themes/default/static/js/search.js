/* playbook: full-text search, in the header of every page and on /search/.

   The index is written by `playbook build` under search/ (see package
   generator/search): a manifest, term chunks, fragment files, filter files
   and typo vocabularies. A query reads the manifest, the chunks of its
   terms and the fragment files of the results it shows, nothing else.
   Tokenizing, stemming (Snowball English) and ranking follow the Go code
   rule for rule; the Go tests run this file with node to hold them equal.

   No eval, no innerHTML with content: results are built with textContent. */
(function () {
  "use strict";

  /* ---- Tokenizer: decompose, drop marks, fold case; words of letters and
     digits joined by - _ . (parts of a compound), apostrophes dropped. */

  var SEP = 0, WORD = 1, JOIN = 2, APOS = 3, MARK = 4;
  var MAX_TOKEN = 40;
  var reMark = /\p{M}/u, reWord = /[\p{L}\p{Nd}]/u, reLetter = /\p{L}/u;
  var reUpper = /\p{Lu}/u, reLower = /\p{Ll}/u;
  var SPECIAL = {
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
    "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i"
  };

  function classOf(c) {
    var n = c.codePointAt(0);
    if (n < 128) {
      if ((n >= 97 && n <= 122) || (n >= 65 && n <= 90) || (n >= 48 && n <= 57)) {
        return WORD;
      }
      if (c === "-" || c === "_" || c === ".") {
        return JOIN;
      }
      return c === "'" ? APOS : SEP;
    }
    if (c === "\u2019") {
      return APOS;
    }
    if (reMark.test(c)) {
      return MARK;
    }
    return reWord.test(c) ? WORD : SEP;
  }

  function isLetter(c) {
    var n = c.codePointAt(0);
    if (n < 128) {
      return (n >= 97 && n <= 122) || (n >= 65 && n <= 90);
    }
    return reLetter.test(c);
  }

  function isUpper(c) {
    var n = c.codePointAt(0);
    return n < 128 ? n >= 65 && n <= 90 : reUpper.test(c);
  }

  function isLower(c) {
    var n = c.codePointAt(0);
    return n < 128 ? n >= 97 && n <= 122 : reLower.test(c);
  }

  function foldChar(c) {
    var n = c.codePointAt(0);
    if (n < 128) {
      return n >= 65 && n <= 90 ? String.fromCharCode(n + 32) : c;
    }
    if (SPECIAL[c]) {
      return SPECIAL[c];
    }
    var l = c.toLowerCase();
    return SPECIAL[l] || l;
  }

  function runeCount(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var u = s.charCodeAt(i);
      if (u < 0xdc00 || u > 0xdfff) {
        n++;
      }
    }
    return n;
  }

  function decompose(s) {
    return /[^\x00-\x7f]/.test(s) ? s.normalize("NFD") : s;
  }

  // words calls fn({parts, start, end}) for every word of a decomposed
  // text; start and end are offsets in it.
  function words(text, camel, fn) {
    var chars = [], cls = [], start = 0, end = 0;
    function flush() {
      if (!chars.length) {
        return;
      }
      var parts = [], buf = "";
      function endPart() {
        if (buf && runeCount(buf) <= MAX_TOKEN) {
          parts.push(buf);
        }
        buf = "";
      }
      for (var i = 0; i < chars.length; i++) {
        var c = chars[i], cl = cls[i];
        if (cl === JOIN) {
          endPart();
          continue;
        }
        if (cl === APOS) {
          continue;
        }
        if (camel && i > 0 && buf && cls[i - 1] === WORD && isUpper(c)) {
          var prev = chars[i - 1];
          if (isLower(prev) || (isUpper(prev) && i + 1 < chars.length && isLower(chars[i + 1]))) {
            endPart();
          }
        }
        buf += foldChar(c);
      }
      endPart();
      if (parts.length) {
        fn({ parts: parts, start: start, end: end });
      }
      chars = [];
      cls = [];
    }
    var i = 0;
    while (i < text.length) {
      var cp = text.codePointAt(i), c = String.fromCodePoint(cp), w = c.length;
      var cl = classOf(c);
      if (cl === WORD) {
        if (!chars.length) {
          start = i;
        }
        chars.push(c);
        cls.push(cl);
        end = i + w;
      } else if (cl === MARK) {
        if (chars.length) {
          end = i + w;
        }
      } else {
        var kept = false;
        if ((cl === JOIN || cl === APOS) && chars.length && cls[cls.length - 1] === WORD && i + w < text.length) {
          var next = String.fromCodePoint(text.codePointAt(i + w));
          if (classOf(next) === WORD && (cl === JOIN || (isLetter(chars[chars.length - 1]) && isLetter(next)))) {
            chars.push(c);
            cls.push(cl);
            kept = true;
          }
        }
        if (!kept) {
          flush();
        }
      }
      i += w;
    }
    flush();
  }

  function whole(parts) {
    if (parts.length < 2) {
      return "";
    }
    var s = parts.join("");
    return runeCount(s) > MAX_TOKEN ? "" : s;
  }

  /* ---- Snowball English (Porter2) stemmer. */

  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli",
    singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas",
    cosmos: "cosmos", bias: "bias", andes: "andes",
    inning: "inning", innings: "inning", outing: "outing", outings: "outing",
    canning: "canning", cannings: "canning", herring: "herring", herrings: "herring",
    earring: "earring", earrings: "earring",
    proceed: "proceed", proceeds: "proceed", proceeded: "proceed", proceeding: "proceed",
    exceed: "exceed", exceeds: "exceed", exceeded: "exceed", exceeding: "exceed",
    succeed: "succeed", succeeds: "succeed", succeeded: "succeed", succeeding: "succeed"
  };
  var STEP2 = [
    ["ational", "ate"], ["fulness", "ful"], ["iveness", "ive"], ["ization", "ize"], ["ousness", "ous"],
    ["biliti", "ble"], ["lessli", "less"], ["tional", "tion"], ["alism", "al"], ["aliti", "al"],
    ["ation", "ate"], ["entli", "ent"], ["fulli", "ful"], ["iviti", "ive"], ["ousli", "ous"],
    ["anci", "ance"], ["abli", "able"], ["alli", "al"], ["ator", "ate"], ["enci", "ence"],
    ["izer", "ize"], ["bli", "ble"], ["ogi", null], ["li", null]
  ];
  var STEP3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["ative", null],
    ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""]
  ];
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ent", "ant", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];

  function isVowel(c) {
    return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y";
  }

  // stem remembers the words it stemmed (excerpts and phrase checks stem
  // the same words again and again).
  var stemMemo = new Map();
  function stem(w) {
    var s = stemMemo.get(w);
    if (s === undefined) {
      if (stemMemo.size > 50000) {
        stemMemo.clear();
      }
      s = porter2(w);
      stemMemo.set(w, s);
    }
    return s;
  }

  function porter2(w) {
    if (w.length <= 2 || w.length > MAX_TOKEN || !/^[a-z]+$/.test(w)) {
      return w;
    }
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, w)) {
      return EXCEPTIONS[w];
    }
    var b = w.split("");
    if (b[0] === "y") {
      b[0] = "Y";
    }
    for (var i = 1; i < b.length; i++) {
      if (b[i] === "y" && isVowel(b[i - 1])) {
        b[i] = "Y";
      }
    }
    function after(start) {
      for (var j = start + 1; j < b.length; j++) {
        if (isVowel(b[j - 1]) && !isVowel(b[j])) {
          return j + 1;
        }
      }
      return b.length;
    }
    var r1 = -1, r2;
    var s = b.join("");
    ["gener", "commun", "arsen"].forEach(function (p) {
      if (r1 < 0 && s.slice(0, p.length) === p) {
        r1 = p.length;
      }
    });
    if (r1 < 0) {
      r1 = after(0);
    }
    r2 = after(r1);

    function str() {
      return b.join("");
    }
    function ends(suf) {
      var t = str();
      return t.length >= suf.length && t.slice(t.length - suf.length) === suf;
    }
    function first(list) {
      for (var k = 0; k < list.length; k++) {
        var x = typeof list[k] === "string" ? list[k] : list[k][0];
        if (ends(x)) {
          return list[k];
        }
      }
      return null;
    }
    function replace(suf, by) {
      b = b.slice(0, b.length - suf.length).concat(by ? by.split("") : []);
      r1 = Math.min(r1, b.length);
      r2 = Math.min(r2, b.length);
    }
    function inR1(suf) {
      return b.length - suf.length >= r1;
    }
    function inR2(suf) {
      return b.length - suf.length >= r2;
    }
    function shortSyllableAt(k) {
      if (k === 2) {
        return isVowel(b[0]) && !isVowel(b[1]);
      }
      if (k >= 3) {
        var c = b[k - 1];
        return !isVowel(c) && c !== "w" && c !== "x" && c !== "Y" && isVowel(b[k - 2]) && !isVowel(b[k - 3]);
      }
      return false;
    }
    var suf, j;

    // Step 1a.
    suf = first(["sses", "ied", "ies", "us", "ss", "s"]);
    if (suf === "sses") {
      replace(suf, "ss");
    } else if (suf === "ied" || suf === "ies") {
      replace(suf, b.length > 4 ? "i" : "ie");
    } else if (suf === "s") {
      for (j = 0; j < b.length - 2; j++) {
        if (isVowel(b[j])) {
          replace(suf, "");
          break;
        }
      }
    }

    // Step 1b.
    suf = first(["eedly", "ingly", "edly", "ing", "eed", "ed"]);
    if (suf === "eed" || suf === "eedly") {
      if (inR1(suf)) {
        replace(suf, "ee");
      }
    } else if (suf) {
      var vowel = false;
      for (j = 0; j < b.length - suf.length; j++) {
        if (isVowel(b[j])) {
          vowel = true;
          break;
        }
      }
      if (vowel) {
        var o1 = r1, o2 = r2, done = false;
        replace(suf, "");
        var e = first(["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
        if (e === "at" || e === "bl" || e === "iz") {
          b.push("e");
        } else if (e) {
          b.pop();
        } else if (r1 >= b.length && shortSyllableAt(b.length)) {
          b.push("e");
          r1 = r2 = b.length;
          done = true;
        }
        if (!done) {
          r1 = Math.min(o1, b.length);
          r2 = Math.min(o2, b.length);
        }
      }
    }

    // Step 1c.
    j = b.length;
    if (j > 2 && (b[j - 1] === "y" || b[j - 1] === "Y") && !isVowel(b[j - 2])) {
      b[j - 1] = "i";
    }

    // Step 2.
    suf = first(STEP2);
    if (suf && inR1(suf[0])) {
      j = b.length;
      if (suf[0] === "li") {
        if (j >= 3 && "cdeghkmnrt".indexOf(b[j - 3]) >= 0) {
          replace("li", "");
        }
      } else if (suf[0] === "ogi") {
        if (j >= 4 && b[j - 4] === "l") {
          replace("ogi", "og");
        }
      } else {
        replace(suf[0], suf[1]);
      }
    }

    // Step 3.
    suf = first(STEP3);
    if (suf && inR1(suf[0])) {
      if (suf[0] === "ative") {
        if (inR2("ative")) {
          replace("ative", "");
        }
      } else {
        replace(suf[0], suf[1]);
      }
    }

    // Step 4.
    suf = first(STEP4);
    if (suf && inR2(suf)) {
      j = b.length;
      if (suf !== "ion") {
        replace(suf, "");
      } else if (j >= 4 && (b[j - 4] === "s" || b[j - 4] === "t")) {
        replace(suf, "");
      }
    }

    // Step 5.
    j = b.length - 1;
    if (r1 <= j) {
      if (b[j] === "e") {
        if (r2 <= j || !shortSyllableAt(j)) {
          b.pop();
        }
      } else if (b[j] === "l" && r2 <= j && j >= 1 && b[j - 1] === "l") {
        b.pop();
      }
    }
    return str().replace(/Y/g, "y");
  }

  /* ---- Queries. */

  var PREFIX_WEIGHT = 0.7, TYPO_WEIGHT = 0.8;

  /* ---- Questions (generator/search/question.go): words that carry no
     subject in a question are dropped when another word remains; some of
     them, and the intent words that stay, steer among the results. */

  var FILLER_WORDS = [
    "i", "im", "ive", "id", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
    "you", "your", "yours", "they", "them", "their", "he", "she", "him", "her", "his",
    "someone", "somebody", "anyone", "anybody", "everyone", "everybody",
    "can", "cant", "cannot", "could", "couldnt", "may", "might", "must", "shall", "should", "shouldnt",
    "would", "wouldnt", "will", "wont", "do", "does", "did", "dont", "doesnt", "didnt",
    "am", "isnt", "arent", "wasnt", "been", "being", "have", "has", "had", "havent", "hasnt",
    "get", "gets", "got", "need", "needs", "want", "wants", "let", "lets",
    "who", "whom", "whose", "what", "whats", "which", "when", "where", "why", "how",
    "use", "uses", "using", "used", "usage", "allowed", "allow", "allows", "allowing",
    "permitted", "permit", "permission", "permissions", "approved", "approve", "approves",
    "approval", "ok", "okay", "okayed", "fine", "alright", "sign", "signed", "off",
    "still", "yet", "already", "please", "just", "also", "currently", "now", "again", "ever",
    "really", "actually", "there", "here", "any", "anything", "something", "some", "if", "so",
    "about", "over", "yes"
  ];
  var DECIDE_WORDS = ["decided", "decide", "decides", "deciding", "decision", "decisions", "decider", "deciders"];
  var ASK_WORDS = ["who", "whom", "whose", "when", "why"];
  var VERDICT_WORDS = [
    "approved", "approve", "approves", "approval", "accepted", "accept", "rejected", "reject",
    "refused", "denied", "banned", "allowed", "permitted", "authorised", "authorized", "signed",
    "okayed"
  ];
  var REJECT_WORDS = ["rejected", "reject", "rejects", "refused", "refuse", "denied", "deny", "banned", "ban", "forbidden", "blocked", "declined"];
  var CONDITION_WORDS = [
    "conditions", "condition", "requirements", "requirement", "required", "require", "requires",
    "rules", "rule", "controls", "control", "restrictions", "restriction", "constraints"
  ];
  var USAGE_WORDS = ["use", "uses", "using", "used", "usage", "allowed", "allow", "approved", "permitted", "permission", "ok", "okay", "fine"];
  var W_FILLER = 1, W_DECIDE = 2, W_ASK = 4, W_VERDICT = 8, W_REJECT = 16, W_CONDITION = 32, W_USAGE = 64;
  var WORD_CLASS = new Map();
  [[FILLER_WORDS, W_FILLER], [DECIDE_WORDS, W_DECIDE], [ASK_WORDS, W_ASK], [VERDICT_WORDS, W_VERDICT],
    [REJECT_WORDS, W_REJECT], [CONDITION_WORDS, W_CONDITION], [USAGE_WORDS, W_USAGE]].forEach(function (l) {
    l[0].forEach(function (w) {
      WORD_CLASS.set(w, (WORD_CLASS.get(w) || 0) | l[1]);
    });
  });

  // Name terms (generator/search/names.go): the stem of a name's first
  // word, NAME_MARK, the stems of the others; their postings hold the page
  // at REL_PAGE and the records about it at a level for their status.
  var NAME_MARK = "\x1f", REL_ACCEPTED = 1, REL_REJECTED = 2, REL_OTHER = 3, REL_PAGE = 15;
  var STRONG_LEVEL = 8;
  var CONTROLS_SECTION = "sec-controls", CONDITIONS_SECTION = "sec-conditions";

  function isNameTerm(t) {
    return t.indexOf(NAME_MARK) >= 0;
  }

  function newGroup(word, terms, text) {
    return { word: word, terms: terms, whole: "", parts: [], phrase: null, prefix: false, text: text, filler: false, intent: false, names: [] };
  }

  // parseQuery splits a query into groups (a simple word with alternative
  // terms, a compound: the whole word or every part, a phrase) and tokens
  // (its words in order, for names), drops its filler words when another
  // word remains, and reads its intents.
  function parseQuery(q, stop) {
    var gs = [], toks = [], classes = 0;
    function plain(s) {
      words(decompose(s), false, function (w) {
        if (w.parts.length === 1) {
          var p = w.parts[0];
          if (!stop[p]) {
            var c = WORD_CLASS.get(p) || 0, g1 = newGroup(p, [[stem(p), 1]], p);
            // "not approved" is a state, not a question word.
            if (toks.length && toks[toks.length - 1].word === "not") {
              c &= ~W_FILLER;
            }
            classes |= c;
            g1.filler = (c & W_FILLER) !== 0;
            g1.intent = (c & (W_DECIDE | W_CONDITION)) !== 0;
            toks.push({ stem: stem(p), word: p, group: gs.length });
            gs.push(g1);
          }
          return;
        }
        var wh = whole(w.parts), g = newGroup("", [], w.parts.join("-"));
        g.whole = wh ? stem(wh) : "";
        w.parts.forEach(function (p) {
          if (!stop[p]) {
            g.parts.push(stem(p));
            toks.push({ stem: stem(p), word: p, group: gs.length });
          }
        });
        if (g.whole || g.parts.length) {
          gs.push(g);
        }
      });
    }
    var rest = q;
    for (;;) {
      var i = rest.indexOf("\"");
      if (i < 0) {
        break;
      }
      var j = rest.indexOf("\"", i + 1);
      if (j < 0) {
        break;
      }
      plain(rest.slice(0, i));
      var seq = [], req = [], text = [], ptoks = [];
      words(decompose(rest.slice(i + 1, j)), false, function (w) {
        w.parts.forEach(function (p) {
          seq.push(stem(p));
          text.push(p);
          if (!stop[p]) {
            req.push(stem(p));
            ptoks.push({ stem: stem(p), word: p, group: gs.length });
          }
        });
      });
      if (seq.length === 1 && req.length === 1) {
        gs.push(newGroup("", [[req[0], 1]], text[0]));
        toks = toks.concat(ptoks);
      } else if (req.length) {
        var ph = newGroup("", [], text.join(" "));
        ph.parts = req;
        ph.phrase = seq;
        gs.push(ph);
        toks = toks.concat(ptoks);
      }
      rest = rest.slice(j + 1);
    }
    var n = gs.length;
    plain(rest);
    if (gs.length > n && !/ $/.test(q) && !/"$/.test(q)) {
      var last = gs[gs.length - 1];
      if (last.word && runeCount(last.word) >= 2) {
        last.prefix = true;
      }
    }
    var pq = {
      groups: [], tokens: toks, allFiller: false,
      intent: {
        decision: (classes & W_DECIDE) !== 0 || ((classes & W_ASK) !== 0 && (classes & W_VERDICT) !== 0),
        reject: (classes & W_REJECT) !== 0,
        conditions: (classes & W_CONDITION) !== 0,
        usage: (classes & W_USAGE) !== 0
      }
    };
    // Filler words go when any other word remains.
    if (gs.some(function (g) { return !g.filler; })) {
      var at = gs.map(function (g) {
        if (g.filler) {
          return -1;
        }
        pq.groups.push(g);
        return pq.groups.length - 1;
      });
      toks.forEach(function (t) {
        t.group = at[t.group];
      });
    } else {
      pq.groups = gs;
      pq.allFiller = gs.length > 0;
      gs.forEach(function (g) {
        g.filler = false;
      });
    }
    return pq;
  }

  function reversePrefixes(w) {
    var rs = Array.from(w), out = [];
    for (var k = Math.max(4, rs.length - 4); k < rs.length; k++) {
      out.push(rs.slice(0, k).join(""));
    }
    return out;
  }

  function editDistance(a, b, maxD) {
    var x = Array.from(a), y = Array.from(b), i, j;
    if (Math.abs(x.length - y.length) > maxD) {
      return maxD + 1;
    }
    var prev2 = new Array(y.length + 1), prev = new Array(y.length + 1), cur = new Array(y.length + 1);
    for (j = 0; j <= y.length; j++) {
      prev[j] = j;
    }
    for (i = 1; i <= x.length; i++) {
      cur[0] = i;
      var rowMin = i;
      for (j = 1; j <= y.length; j++) {
        var c = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
          c = Math.min(c, prev2[j - 2] + 1);
        }
        cur[j] = c;
        rowMin = Math.min(rowMin, c);
      }
      if (rowMin > maxD) {
        return maxD + 1;
      }
      var t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[y.length], maxD + 1);
  }

  /* ---- The index, read file by file. */

  var decoder = typeof TextDecoder !== "undefined" ? new TextDecoder() : null;

  function Reader(bytes) {
    this.b = bytes;
    this.i = 0;
  }
  Reader.prototype.uvarint = function () {
    var x = 0, s = 1, c;
    do {
      c = this.b[this.i++];
      x += (c & 127) * s;
      s *= 128;
    } while (c & 128);
    return x;
  };
  Reader.prototype.text = function (n) {
    var t = decoder.decode(this.b.subarray(this.i, this.i + n));
    this.i += n;
    return t;
  };

  // Index reads the files under base ("/search/" or "/sub/search/").
  function Index(base, fetcher) {
    this.base = base;
    this.fetcher = fetcher || function (u) {
      return fetch(u, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) {
          throw new Error(u + ": " + r.status);
        }
        return r;
      });
    };
    this.files = {};
    this.chunks = {};
    this.frags = {};
    this.filters = {};
    this.vocab = {};
    this.m = null;
  }

  Index.prototype.get = function (path, kind) {
    var self = this;
    if (!this.files[path]) {
      this.files[path] = this.fetcher(this.base + path).then(function (r) {
        return kind === "json" ? r.json() : kind === "text" ? r.text() : r.arrayBuffer();
      });
      this.files[path].catch(function () {
        delete self.files[path];
      });
    }
    return this.files[path];
  };

  Index.prototype.open = function () {
    var self = this;
    if (!this.opening) {
      this.opening = this.get("manifest.json", "json").then(function (m) {
        self.m = m;
        self.stop = {};
        m.stop.forEach(function (w) {
          self.stop[w] = true;
        });
        var start = 0;
        self.fragStart = [];
        for (var g = 0; g < m.fc.length; g++) {
          self.fragStart.push(start);
          start += parseInt(m.fc[g], 36);
        }
        return m;
      });
      this.opening.catch(function () {
        self.opening = null;
      });
    }
    return this.opening;
  };

  // chunksOf returns the chunks that hold a term: every chunk that starts
  // with it, else the last chunk that starts before it.
  Index.prototype.chunksOf = function (t) {
    var c = this.m.ct, lo = 0, hi = c.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (c[mid] > t) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    if (lo === 0) {
      return [];
    }
    var out = [];
    for (var j = lo - 1; j >= 0 && c[j] === t; j--) {
      out.unshift(j);
    }
    return out.length ? out : [lo - 1];
  };

  Index.prototype.loadChunk = function (i) {
    var self = this;
    if (this.chunks[i]) {
      return Promise.resolve(this.chunks[i]);
    }
    return this.get("t/" + this.m.ch.substr(8 * i, 8) + ".bin").then(function (buf) {
      if (!self.chunks[i]) {
        self.chunks[i] = decodeChunk(new Uint8Array(buf));
      }
      return self.chunks[i];
    });
  };

  function decodeChunk(b) {
    var r = new Reader(b), out = new Map(), prev = new Uint8Array(0);
    while (r.i < b.length) {
      var p = r.uvarint(), n = r.uvarint();
      var tb = new Uint8Array(p + n);
      tb.set(prev.subarray(0, p));
      tb.set(b.subarray(r.i, r.i + n), p);
      r.i += n;
      var term = decoder.decode(tb);
      var count = r.uvarint(), len = r.uvarint();
      if (!out.has(term)) {
        out.set(term, []);
      }
      out.get(term).push({ count: count, bytes: b.subarray(r.i, r.i + len) });
      r.i += len;
      prev = tb;
    }
    return out;
  }

  Index.prototype.need = function (terms) {
    var self = this, want = {};
    terms.forEach(function (t) {
      self.chunksOf(t).forEach(function (c) {
        want[c] = true;
      });
    });
    return Promise.all(Object.keys(want).map(function (c) {
      return self.loadChunk(+c);
    }));
  };

  // postings returns {docs, levels} of a term, or null when the loaded
  // chunks do not hold it.
  Index.prototype.postings = function (t) {
    if (!this.decoded) {
      this.decoded = new Map();
    }
    if (this.decoded.has(t)) {
      return this.decoded.get(t);
    }
    var p = this.decodePostings(t);
    // A term not found is remembered only once its chunks are loaded.
    if (p || this.chunksOf(t).every(function (c) { return this.chunks[c]; }, this)) {
      this.decoded.set(t, p);
    }
    return p;
  };

  // forget drops what was computed from the files (decoded postings,
  // stems) but keeps the files: benchmarks time a query as if it were new.
  Index.prototype.forget = function () {
    this.decoded = null;
    stemMemo.clear();
  };

  Index.prototype.decodePostings = function (t) {
    var self = this, docs = [], levels = [], found = false, bits = this.m.bits, mask = (1 << bits) - 1;
    this.chunksOf(t).forEach(function (c) {
      var ch = self.chunks[c], parts = ch && ch.get(t);
      if (!parts) {
        return;
      }
      found = true;
      parts.forEach(function (part) {
        var r = new Reader(part.bytes), prev = -1;
        for (var k = 0; k < part.count; k++) {
          var v = r.uvarint();
          var d = prev + 1 + Math.floor(v / (mask + 1));
          docs.push(d);
          levels.push(v & mask);
          prev = d;
        }
      });
    });
    return found ? { docs: docs, levels: levels } : null;
  };

  Index.prototype.score = function (level, df) {
    var n = this.m.n, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)), x = this.m.lx[level];
    return idf * x / (x + this.m.k1);
  };

  // expand adds the terms a word being typed may become.
  Index.prototype.expand = function (g) {
    var self = this, m = this.m, cs = this.chunksOf(g.word);
    if (!cs.length) {
      cs = [0];
    }
    var k = cs[cs.length - 1];
    if (k + 1 < m.ct.length && m.ct[k + 1].indexOf(g.word) === 0) {
      cs.push(k + 1);
    }
    var seen = {};
    g.terms.forEach(function (a) {
      seen[a[0]] = true;
    });
    cs = cs.filter(function (c) {
      return c < m.ct.length;
    });
    return Promise.all(cs.map(function (c) {
      return self.loadChunk(c);
    })).then(function () {
      cs.forEach(function (c) {
        var ts = [];
        self.chunks[c].forEach(function (_, t) {
          if (t.indexOf(g.word) === 0 && !seen[t]) {
            ts.push(t);
          }
        });
        ts.sort(cmp);
        ts.forEach(function (t) {
          seen[t] = true;
          if (isNameTerm(t)) {
            g.names.push(t);
          } else {
            g.terms.push([t, PREFIX_WEIGHT]);
          }
        });
      });
      var rev = reversePrefixes(g.word);
      return self.need(rev).then(function () {
        rev.forEach(function (t) {
          if (self.postings(t) && !seen[t]) {
            seen[t] = true;
            g.terms.push([t, PREFIX_WEIGHT]);
          }
        });
      });
    });
  };

  function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // fix returns the vocabulary words closest to w: one edit from five
  // letters, two from nine.
  Index.prototype.fix = function (w) {
    var self = this, n = runeCount(w), maxD = n >= 9 ? 2 : n >= 5 ? 1 : 0;
    var k = String.fromCodePoint(w.codePointAt(0));
    if (!maxD || !this.m.vc[k]) {
      return Promise.resolve([]);
    }
    return this.get("v/" + this.m.vc[k] + ".txt", "text").then(function (text) {
      var ws = self.vocab[k] || (self.vocab[k] = text.split("\n")), best = maxD + 1, out = [];
      ws.forEach(function (c) {
        if (c.indexOf(k) !== 0) {
          return; // a word of another letter that shares the file
        }
        var d = editDistance(w, c, maxD);
        if (d < best) {
          best = d;
          out = [];
        }
        if (d === best && d <= maxD) {
          out.push(c);
        }
      });
      return out;
    });
  };

  Index.prototype.loadFilter = function (name) {
    var self = this;
    if (this.filters[name]) {
      return Promise.resolve(this.filters[name]);
    }
    return this.get("x/" + name + "." + this.m.x[name] + ".bin").then(function (buf) {
      var r = new Reader(new Uint8Array(buf)), out = {};
      for (var nv = r.uvarint(); nv > 0; nv--) {
        var v = r.text(r.uvarint()), ids = [], prev = -1;
        for (var c = r.uvarint(); c > 0; c--) {
          prev += r.uvarint() + 1;
          ids.push(prev);
        }
        out[v] = ids;
      }
      self.filters[name] = out;
      return out;
    });
  };

  Index.prototype.loadDates = function () {
    var self = this;
    if (this.dates) {
      return Promise.resolve(this.dates);
    }
    return this.get("x/date." + this.m.x.date + ".bin").then(function (buf) {
      var b = new Uint8Array(buf), r = new Reader(b), out = [];
      while (r.i < b.length) {
        out.push(r.uvarint());
      }
      self.dates = out;
      return out;
    });
  };

  Index.prototype.groupOf = function (d) {
    var s = this.fragStart, lo = 0, hi = s.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (s[mid] > d) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo - 1;
  };

  Index.prototype.fragment = function (d) {
    var self = this, g = this.groupOf(d), blk = Math.floor(g / 64);
    var path = "f/" + this.m.fh.substr(8 * blk, 8) + "-" + g + ".json";
    return this.get(path, "json").then(function (fs) {
      return fs[d - self.fragStart[g]];
    });
  };

  var FACETS = ["kind", "status", "risk", "tag"];

  // search runs a query: {query, filters (facet → values, or null for no
  // counts), byDate, limit}. It resolves to {hits: [{doc, score, frag}],
  // total, all, fixed, counts, matched}.
  Index.prototype.search = function (req) {
    var self = this;
    return this.open().then(function () {
      return self.run(req);
    });
  };

  Index.prototype.run = function (req) {
    var self = this, res = { hits: [], total: 0, all: 0, fixed: {}, counts: null, matched: [], notListed: "" };
    var pq = parseQuery(req.query || "", this.stop), gs = pq.groups, nm = null;
    if (!gs.length) {
      return Promise.resolve(res);
    }
    function termsOf(g) {
      var ts = g.terms.map(function (a) {
        return a[0];
      });
      if (g.whole) {
        ts.push(g.whole);
      }
      return ts.concat(g.parts);
    }
    var all = [];
    gs.forEach(function (g) {
      all = all.concat(termsOf(g));
    });
    return this.need(all).then(function () {
      return Promise.all(gs.map(function (g) {
        return g.prefix ? self.expand(g) : null;
      }));
    }).then(function () {
      // Words with no match at all, and no name: the typo vocabulary.
      return Promise.all(gs.map(function (g) {
        if (!g.word || g.names.length || g.terms.some(function (a) { return self.postings(a[0]); })) {
          return null;
        }
        return self.namesOf(g.terms[0][0]).then(function (ns) {
          return ns.length ? [] : self.fix(g.word);
        }).then(function (fixed) {
          if (!fixed.length) {
            return null;
          }
          res.fixed[g.word] = fixed[0];
          var seen = {};
          g.terms = [];
          fixed.forEach(function (w) {
            var t = stem(w);
            if (!seen[t]) {
              seen[t] = true;
              g.terms.push([t, TYPO_WEIGHT]);
            }
          });
          return self.need(termsOf(g));
        });
      }));
    }).then(function () {
      // The platforms and tools the query names, and the records about them.
      return self.findNames(pq);
    }).then(function (found) {
      nm = found;
      var total = new Map(), mandatory = [], matched = {};
      gs.forEach(function (g) {
        var sc = self.groupScores(g, matched);
        if (g.phrase) {
          mandatory.push(sc);
        }
        var ds = Array.from(sc.keys()).sort(function (a, b) { return a - b; });
        ds.forEach(function (d) {
          var a = total.get(d);
          if (!a) {
            a = { matched: 0, score: 0 };
            total.set(d, a);
          }
          a.matched++;
          a.score += sc.get(d);
        });
      });
      // What the query names is found whatever its text holds.
      [nm.page, nm.level].forEach(function (m) {
        m.forEach(function (_, d) {
          if (!total.has(d)) {
            total.set(d, { matched: 0, score: 0 });
          }
        });
      });
      res.matched = Object.keys(matched).sort();
      var docs = [];
      total.forEach(function (_, d) {
        if (mandatory.every(function (mm) { return mm.has(d); })) {
          docs.push(d);
        }
      });
      function round(x) {
        return Math.round(x * 1e6) / 1e6;
      }
      docs.sort(function (a, b) {
        var c = compareNamed(nm, a, b, pq.intent);
        if (c) {
          return c;
        }
        var x = total.get(a), y = total.get(b);
        if (x.matched !== y.matched) {
          return y.matched - x.matched;
        }
        var sx = round(x.score), sy = round(y.score);
        if (sx !== sy) {
          return sx > sy ? -1 : 1;
        }
        return a - b;
      });
      return self.filterAndCount(docs, req, res).then(function (kept) {
        docs = kept;
        return req.byDate ? self.loadDates() : null;
      }).then(function (dates) {
        if (dates) {
          docs = docs.map(function (d, i) { return [d, i]; }).sort(function (a, b) {
            return (dates[b[0]] - dates[a[0]]) || (a[1] - b[1]);
          }).map(function (x) { return x[0]; });
        }
        docs.forEach(function (d) {
          if (total.get(d).matched === gs.length) {
            res.all++;
          }
        });
        res.total = docs.length;
        var limit = req.limit > 0 ? req.limit : 10;
        var phrases = gs.filter(function (g) { return g.phrase; }).map(function (g) { return g.phrase; });
        function hit(d, f) {
          var h = { doc: d, score: round(total.get(d).score), frag: f, section: "" };
          if (nm.page.has(d) && pq.intent.conditions) {
            h.section = conditionsSection(f);
          }
          res.hits.push(h);
        }
        function done() {
          if (!nm.page.size) {
            res.notListed = self.notListed(pq, res.total);
          }
          return res;
        }
        if (!phrases.length) {
          var top = docs.slice(0, limit);
          return Promise.all(top.map(function (d) { return self.fragment(d); })).then(function (fs) {
            top.forEach(function (d, i) {
              hit(d, fs[i]);
            });
            return done();
          });
        }
        // Phrases are checked against the text, one result after another.
        var i = 0;
        function step() {
          if (res.hits.length === limit || i === docs.length) {
            return done();
          }
          var d = docs[i++];
          return self.fragment(d).then(function (f) {
            if (hasPhrases(f, phrases)) {
              hit(d, f);
            } else {
              res.total--;
            }
            return step();
          });
        }
        return step();
      });
    });
  };

  // conditionsSection is the anchor of a page's conditions: a platform's
  // required controls, a tool's conditions of use; "" when it has none.
  function conditionsSection(f) {
    var m = f.m || "";
    function has(label) {
      return m.indexOf(label + ": ") === 0 || m.indexOf(" · " + label + ": ") >= 0;
    }
    if (f.k === "platform" && has("Controls")) {
      return CONTROLS_SECTION;
    }
    if (f.k === "tool" && has("Conditions")) {
      return CONDITIONS_SECTION;
    }
    return "";
  }

  // namesOf resolves to the name terms whose first word has the stem a,
  // reading the chunks that hold them.
  Index.prototype.namesOf = function (a) {
    var self = this, key = a + NAME_MARK, cs = this.chunksOf(key);
    if (!cs.length) {
      return Promise.resolve([]);
    }
    // A name term sorts right after its first word; a chunk that starts
    // with one is read too.
    var k = cs[cs.length - 1] + 1;
    if (k < this.m.ct.length && this.m.ct[k].indexOf(key) === 0) {
      cs.push(k);
    }
    return Promise.all(cs.map(function (c) { return self.loadChunk(c); })).then(function () {
      var out = [];
      cs.forEach(function (c) {
        self.chunks[c].forEach(function (_, t) {
          if (t.indexOf(key) === 0 && out.indexOf(t) < 0) {
            out.push(t);
          }
        });
      });
      return out.sort(cmp);
    });
  };

  // findNames finds the platforms and tools a query names (see Go's
  // findNames): {page: doc → position of the word naming it, level: doc →
  // status level of a record about one, about: doc → how many of the pages
  // named it is about}.
  Index.prototype.findNames = function (pq) {
    var self = this, toks = pq.tokens, gs = pq.groups;
    var alts = toks.map(function (tk) {
      if (tk.group >= 0 && gs[tk.group].word) {
        return gs[tk.group].terms.filter(function (a) { return a[1] !== PREFIX_WEIGHT; }).map(function (a) { return a[0]; });
      }
      return [tk.stem];
    });
    var want = [];
    toks.forEach(function (tk, i) {
      if (tk.group >= 0) {
        alts[i].forEach(function (a) {
          if (want.indexOf(a) < 0) {
            want.push(a);
          }
        });
      }
    });
    var names = new Map();
    return Promise.all(want.map(function (a) {
      return self.namesOf(a).then(function (ns) {
        names.set(a, ns);
      });
    })).then(function () {
      function follows(j, st) {
        if (j >= toks.length) {
          return false;
        }
        if (alts[j].indexOf(st) >= 0) {
          return true;
        }
        var g = toks[j].group;
        return g >= 0 && gs[g].prefix && st.indexOf(toks[j].word) === 0;
      }
      var hits = [];
      toks.forEach(function (tk, i) {
        if (tk.group < 0) {
          return;
        }
        var full = [], partial = [];
        alts[i].forEach(function (a) {
          names.get(a).forEach(function (t) {
            var rest = t.slice(a.length + NAME_MARK.length).split(" ").filter(function (w) { return w; });
            var ok = true;
            rest.forEach(function (w, k) {
              ok = ok && follows(i + 1 + k, w);
            });
            if (ok) {
              full.push(t);
            } else if (i + 1 === toks.length || toks[i + 1].group < 0) {
              partial.push(t);
            }
          });
        });
        var g = gs[tk.group];
        if (g.prefix) {
          g.names.forEach(function (t) {
            if (t.slice(-NAME_MARK.length) === NAME_MARK) {
              full.push(t);
            } else {
              partial.push(t);
            }
          });
        }
        (full.length ? full : partial).forEach(function (t) {
          hits.push({ term: t, pos: i });
        });
      });
      var nm = { page: new Map(), level: new Map(), about: new Map() }, about = new Map();
      hits.forEach(function (h) {
        var p = self.postings(h.term) || { docs: [], levels: [] }, pages = [];
        p.docs.forEach(function (d, k) {
          if (p.levels[k] === REL_PAGE) {
            pages.push(d);
            if (!nm.page.has(d) || h.pos < nm.page.get(d)) {
              nm.page.set(d, h.pos);
            }
          }
        });
        p.docs.forEach(function (d, k) {
          if (p.levels[k] === REL_PAGE) {
            return;
          }
          nm.level.set(d, p.levels[k]);
          if (!about.has(d)) {
            about.set(d, new Set());
          }
          pages.forEach(function (pg) {
            about.get(d).add(pg);
          });
        });
      });
      about.forEach(function (ps, d) {
        nm.about.set(d, ps.size);
      });
      return nm;
    });
  };

  // tierOf ranks a document by what the query names: its pages, then the
  // records about them; with the decision intent, the decided records
  // first. Everything else comes last.
  function tierOf(nm, d, intent) {
    var about = nm.level.has(d);
    if (intent.decision && about && nm.level.get(d) !== REL_OTHER) {
      return 0;
    }
    if (nm.page.has(d)) {
      return 1;
    }
    return about ? 2 : 3;
  }

  function compareNamed(nm, a, b, intent) {
    var ta = tierOf(nm, a, intent), tb = tierOf(nm, b, intent);
    if (ta !== tb) {
      return ta - tb;
    }
    if (ta === 0 || ta === 2) {
      var x = nm.about.get(a) || 0, y = nm.about.get(b) || 0;
      if (x !== y) {
        return y - x;
      }
      if (ta === 0) {
        var pref = function (d) {
          return (nm.level.get(d) === REL_REJECTED) === intent.reject ? 0 : 1;
        };
        return pref(a) - pref(b);
      }
    } else if (ta === 1) {
      return nm.page.get(a) - nm.page.get(b);
    }
    return 0;
  }

  // levels returns, for every document a group matches, its best level
  // (see Go's levels).
  Index.prototype.levels = function (g) {
    var self = this, out = new Map();
    function best(t, into) {
      var p = self.postings(t);
      if (!p) {
        return;
      }
      p.docs.forEach(function (d, k) {
        if (!into.has(d) || p.levels[k] > into.get(d)) {
          into.set(d, p.levels[k]);
        }
      });
    }
    g.terms.forEach(function (a) {
      best(a[0], out);
    });
    if (g.whole) {
      best(g.whole, out);
    }
    if (g.parts.length) {
      var all = null;
      g.parts.forEach(function (p, i) {
        var one = new Map();
        best(p, one);
        if (i === 0) {
          all = one;
          return;
        }
        all.forEach(function (l, d) {
          if (one.has(d)) {
            all.set(d, Math.min(l, one.get(d)));
          } else {
            all.delete(d);
          }
        });
      });
      all.forEach(function (l, d) {
        if (!out.has(d) || l > out.get(d)) {
          out.set(d, l);
        }
      });
    }
    return out;
  };

  // notListed returns the words of a query that names nothing known, or
  // "" (see Go's notListed).
  Index.prototype.notListed = function (pq, total) {
    var self = this;
    if (pq.allFiller) {
      return "";
    }
    // A single letter names nothing yet: the first of a word being typed.
    var subj = pq.groups.filter(function (g) { return !g.intent && runeCount(g.text) > 1; });
    if (!subj.length || subj.length > 3) {
      return "";
    }
    if (total > 0) {
      if (!pq.intent.usage) {
        return "";
      }
      var best = subj.map(function (g) { return self.levels(g); }), strong = false;
      best[0].forEach(function (_, d) {
        strong = strong || best.every(function (b) { return (b.get(d) || 0) >= STRONG_LEVEL; });
      });
      if (strong) {
        return "";
      }
    }
    var unknown = [], all = [];
    subj.forEach(function (g) {
      all.push(g.text);
      if (!self.levels(g).size) {
        unknown.push(g.text);
      }
    });
    return (unknown.length ? unknown : all).join(" ");
  };

  Index.prototype.groupScores = function (g, matched) {
    var self = this, sc = new Map();
    function best(t, w, into) {
      var p = self.postings(t);
      if (!p) {
        return;
      }
      matched[t] = true;
      var df = p.docs.length;
      for (var i = 0; i < df; i++) {
        var d = p.docs[i], s = w * self.score(p.levels[i], df);
        if (!into.has(d) || s > into.get(d)) {
          into.set(d, s);
        }
      }
    }
    g.terms.forEach(function (a) {
      best(a[0], a[1], sc);
    });
    if (g.whole) {
      best(g.whole, 1, sc);
    }
    if (g.parts.length) {
      var all = null;
      g.parts.forEach(function (p, i) {
        var one = new Map();
        best(p, 1, one);
        if (i === 0) {
          all = one;
          return;
        }
        all.forEach(function (s, d) {
          if (one.has(d)) {
            all.set(d, s + one.get(d));
          } else {
            all.delete(d);
          }
        });
      });
      var k = g.phrase ? 1 : g.parts.length;
      all.forEach(function (s, d) {
        if (!sc.has(d) || s / k > sc.get(d)) {
          sc.set(d, s / k);
        }
      });
    }
    return sc;
  };

  Index.prototype.filterAndCount = function (docs, req, res) {
    var self = this, want = req.filters;
    if (!want) {
      return Promise.resolve(docs);
    }
    return Promise.all(FACETS.map(function (f) { return self.loadFilter(f); })).then(function (files) {
      var value = {};
      FACETS.forEach(function (f, i) {
        var by = new Map();
        Object.keys(files[i]).forEach(function (v) {
          files[i][v].forEach(function (id) {
            if (!by.has(id)) {
              by.set(id, []);
            }
            by.get(id).push(v);
          });
        });
        value[f] = by;
      });
      function pass(d, skip) {
        return FACETS.every(function (f) {
          var w = want[f];
          if (f === skip || !w || !w.length) {
            return true;
          }
          return (value[f].get(d) || []).some(function (v) { return w.indexOf(v) >= 0; });
        });
      }
      res.counts = {};
      FACETS.forEach(function (f) {
        var c = {};
        docs.forEach(function (d) {
          if (pass(d, f)) {
            (value[f].get(d) || []).forEach(function (v) {
              c[v] = (c[v] || 0) + 1;
            });
          }
        });
        res.counts[f] = c;
      });
      return docs.filter(function (d) { return pass(d, ""); });
    });
  };

  // texts are the strings of a fragment phrases and excerpts are made of.
  function textsOf(f) {
    var out = [f.t, f.m || ""];
    (f.h || []).forEach(function (h) {
      out.push(h[1]);
    });
    return out.concat(f.x);
  }

  function stems(text) {
    var seq = [];
    words(decompose(text), true, function (w) {
      w.parts.forEach(function (p) {
        seq.push(stem(p));
      });
    });
    return seq;
  }

  function hasPhrases(f, phrases) {
    var seqs = textsOf(f).map(stems);
    return phrases.every(function (ph) {
      return seqs.some(function (s) {
        for (var i = 0; i + ph.length <= s.length; i++) {
          var ok = true;
          for (var j = 0; j < ph.length && ok; j++) {
            ok = s[i + j] === ph[j];
          }
          if (ok) {
            return true;
          }
        }
        return false;
      });
    });
  }

  /* ---- Excerpts: the best stretch of text, matched words marked. */

  var EXCERPT_WORDS = 28;

  // marks returns the words of a text, each {start, end, hit}.
  function marks(text, matched) {
    var out = [];
    words(text, true, function (w) {
      var hit = w.parts.some(function (p) { return matched[stem(p)]; });
      var wh = whole(w.parts);
      out.push({ start: w.start, end: w.end, hit: hit || (wh !== "" && !!matched[stem(wh)]) });
    });
    return out;
  }

  // excerpt picks, from the fragment's sections and facts, the one with
  // the most distinct matched words, and the window of it around them.
  function excerpt(f, matched) {
    var cands = [];
    f.x.forEach(function (t, i) {
      cands.push({ text: t, heading: i > 0 ? f.h[i - 1] : null });
    });
    if (f.m) {
      cands.push({ text: f.m, heading: null });
    }
    var best = null;
    cands.forEach(function (c) {
      if (!c.text && !c.heading) {
        return;
      }
      var seen = {}, n = 0;
      function count(text, ws) {
        ws.forEach(function (w) {
          if (w.hit) {
            var k = stems(text.slice(w.start, w.end)).join(" ");
            if (!seen[k]) {
              seen[k] = true;
              n++;
            }
          }
        });
      }
      var text = decompose(c.text || ""), ws = marks(text, matched);
      count(text, ws);
      if (c.heading) {
        var ht = decompose(c.heading[1]);
        count(ht, marks(ht, matched));
      }
      if (!best || n > best.n) {
        best = { n: n, text: text, ws: ws, heading: c.heading };
      }
    });
    if (!best) {
      return { parts: [], heading: null };
    }
    var ws = best.ws, from = 0, bestHits = -1;
    for (var i = 0; i < ws.length; i++) {
      var hits = 0;
      for (var j = i; j < Math.min(ws.length, i + EXCERPT_WORDS); j++) {
        if (ws[j].hit) {
          hits++;
        }
      }
      if (hits > bestHits) {
        bestHits = hits;
        from = i;
      }
      if (ws.length - i <= EXCERPT_WORDS) {
        break;
      }
    }
    // Start a few words before the first match.
    while (from > 0 && best.n > 0 && !ws[from].hit) {
      from++;
    }
    from = Math.max(0, from - 6);
    var to = Math.min(ws.length, from + EXCERPT_WORDS);
    if (!ws.length) {
      return { parts: [], heading: best.heading };
    }
    var parts = [], pos = ws[from].start, text = best.text;
    if (from > 0) {
      parts.push({ t: "… " });
    }
    for (var k = from; k < to; k++) {
      if (ws[k].hit) {
        parts.push({ t: text.slice(pos, ws[k].start) });
        parts.push({ t: text.slice(ws[k].start, ws[k].end), mark: true });
        pos = ws[k].end;
      }
    }
    var end = to < ws.length ? ws[to - 1].end : text.length;
    parts.push({ t: text.slice(pos, end) + (to < ws.length ? " …" : "") });
    return { parts: parts, heading: best.n > 0 ? best.heading : null };
  }

  function markedTitle(title, matched) {
    var text = decompose(title), parts = [], pos = 0;
    marks(text, matched).forEach(function (w) {
      if (w.hit) {
        parts.push({ t: text.slice(pos, w.start) });
        parts.push({ t: text.slice(w.start, w.end), mark: true });
        pos = w.end;
      }
    });
    parts.push({ t: text.slice(pos) });
    return parts;
  }

  var api = {
    words: words, decompose: decompose, whole: whole, stem: stem, parseQuery: parseQuery,
    editDistance: editDistance, Index: Index, excerpt: excerpt, hasPhrases: hasPhrases,
    wordLists: {
      filler: FILLER_WORDS, decide: DECIDE_WORDS, ask: ASK_WORDS, verdict: VERDICT_WORDS,
      reject: REJECT_WORDS, condition: CONDITION_WORDS, usage: USAGE_WORDS
    },
    constants: {
      nameMark: NAME_MARK, relAccepted: REL_ACCEPTED, relRejected: REL_REJECTED, relOther: REL_OTHER,
      relPage: REL_PAGE, strongLevel: STRONG_LEVEL, controls: CONTROLS_SECTION, conditions: CONDITIONS_SECTION
    }
  };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
  if (typeof document === "undefined") {
    return;
  }

  /* ---- The page: the header box on every page, and /search/. */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function fill(parent, parts) {
    parts.forEach(function (p) {
      if (p.mark) {
        parent.appendChild(el("mark", "", p.t));
      } else if (p.t) {
        parent.appendChild(document.createTextNode(p.t));
      }
    });
  }

  function matchedSet(res) {
    var s = {};
    res.matched.forEach(function (t) {
      s[t] = true;
    });
    return s;
  }

  // resultBody fills a result: title link, badges, excerpt, section.
  // The headings of the default theme's sections of conditions.
  var SECTION_TITLES = {};
  SECTION_TITLES[CONTROLS_SECTION] = ["Controls", "Required controls"];
  SECTION_TITLES[CONDITIONS_SECTION] = ["Conditions", "Conditions of use"];

  // factOf returns the values of one fact of a fragment's facts
  // ("Label: a; b · Label: …"), "" when it has none.
  function factOf(m, label) {
    var parts = (m || "").split(" · ");
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(label + ": ") === 0) {
        return parts[i].slice(label.length + 2);
      }
    }
    return "";
  }

  // resultBody fills a result: title link, badges, excerpt, section. A
  // result that answers a question about conditions links to them and
  // shows them.
  function resultBody(li, idx, h, res, siteBase, linkAttrs) {
    var f = h.frag, matched = matchedSet(res), ex = excerpt(f, matched);
    var href = siteBase + f.u.replace(/^\//, "");
    var section = h.section && SECTION_TITLES[h.section];
    if (section) {
      href += "#" + h.section;
      var text = factOf(f.m, section[0]).replace(/; /g, " · ");
      ex = { parts: text ? [{ t: text }] : ex.parts, heading: [h.section, section[1]] };
    } else if (ex.heading && !markedTitle(f.t, matched).some(function (p) { return p.mark; })) {
      href += "#" + ex.heading[0];
    }
    var a = el("a", "search-title");
    a.href = href;
    if (linkAttrs) {
      a.tabIndex = -1;
    }
    fill(a, markedTitle(f.t, matched));
    var head = el("div", "search-head");
    head.appendChild(a);
    var badges = el("span", "search-badges");
    var lb = idx.m.lb;
    badges.appendChild(el("span", "badge kind kind-" + f.k, (lb.kind && lb.kind[f.k]) || f.k));
    if (f.s) {
      var cls = (f.k === "decision" ? "status-" : "approval-") + f.s;
      badges.appendChild(document.createTextNode(" "));
      badges.appendChild(el("span", "badge " + cls, (lb.status && lb.status[f.s]) || f.s));
    }
    head.appendChild(badges);
    li.appendChild(head);
    if (ex.heading) {
      var sec = el("p", "search-section", "§ ");
      fill(sec, markedTitle(ex.heading[1], matched));
      li.appendChild(sec);
    }
    if (ex.parts.length) {
      var p = el("p", "search-excerpt");
      fill(p, ex.parts);
      li.appendChild(p);
    }
    return href;
  }

  // notListedText is the answer to a query that names nothing known.
  function notListedText(res) {
    var w = res.notListed;
    return w.charAt(0).toUpperCase() + w.slice(1) + " is not in the playbook: not listed means not approved.";
  }

  // notListedLink is the link to the request process: the request page,
  // else the list of platforms.
  function notListedLink(idx) {
    var rq = idx.m.rq, a = el("a", "search-request", rq ? "How to request it" : "See what is listed");
    a.href = idx.siteBase + (rq || "/platforms/").replace(/^\//, "");
    return a;
  }

  // fillNotListed writes the answer and its link into an element.
  function fillNotListed(parent, idx, res, linkAttrs) {
    parent.appendChild(el("span", "search-notlisted-text", notListedText(res)));
    parent.appendChild(document.createTextNode(" "));
    var a = notListedLink(idx);
    if (linkAttrs) {
      a.tabIndex = -1;
    }
    parent.appendChild(a);
    return a.href;
  }

  function fixedNote(res) {
    var ks = Object.keys(res.fixed);
    if (!ks.length) {
      return "";
    }
    return "No match for " + ks.map(function (k) { return "“" + k + "”"; }).join(", ") +
      "; showing results for " + ks.map(function (k) { return "“" + res.fixed[k] + "”"; }).join(", ") + ". ";
  }

  function plural(n, noun) {
    return n + " " + noun + (n === 1 ? "" : "s");
  }

  var index = null;

  function getIndex(form) {
    if (!index) {
      var base = form.getAttribute("data-search-base") || "/";
      index = new Index(base + "search/");
      index.siteBase = base;
    }
    return index;
  }

  // setupBox makes the header form a combobox with a listbox of results.
  function setupBox(form) {
    var input = form.querySelector("input[type=search]");
    var popup = form.querySelector("[data-search-popup]");
    var list = form.querySelector("[role=listbox]");
    var live = form.querySelector("[data-search-live]");
    var more = form.querySelector("[data-search-more]");
    if (!input || !popup || !list || !live) {
      return;
    }
    var idx = getIndex(form), seq = 0, active = -1, hrefs = [], shown = 5;
    form.searchIndex = idx; // for benchmarks: the files it holds, its caches
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function open(yes) {
      popup.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) {
        setActive(-1);
      }
    }
    function setActive(i) {
      var opts = list.querySelectorAll("[role=option]");
      active = i;
      Array.prototype.forEach.call(opts, function (o, k) {
        o.setAttribute("aria-selected", k === i ? "true" : "false");
      });
      if (i >= 0 && opts[i]) {
        input.setAttribute("aria-activedescendant", opts[i].id);
        if (opts[i].scrollIntoView) {
          opts[i].scrollIntoView({ block: "nearest" });
        }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function run() {
      var q = input.value, my = ++seq;
      if (!q.trim()) {
        list.textContent = "";
        live.textContent = "";
        open(false);
        return;
      }
      var t0 = window.performance ? performance.now() : 0;
      idx.search({ query: q, limit: shown }).then(function (res) {
        if (my !== seq) {
          return;
        }
        list.textContent = "";
        hrefs = [];
        function option(li, href) {
          var i = hrefs.length;
          li.id = list.id + "-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          hrefs.push(href);
          li.addEventListener("mousedown", function (ev) {
            ev.preventDefault();
          });
          li.addEventListener("click", function (ev) {
            if (ev.target.closest && ev.target.closest("a")) {
              return;
            }
            window.location.href = hrefs[i];
          });
          list.appendChild(li);
        }
        // A name of nothing known: the answer first, an option that leads
        // to the request process.
        if (res.notListed) {
          var nl = el("li", "search-option search-notlisted");
          option(nl, fillNotListed(nl, idx, res, true));
        }
        res.hits.forEach(function (h) {
          var li = el("li", "search-option");
          option(li, resultBody(li, idx, h, res, idx.siteBase, true));
        });
        if (!res.hits.length) {
          var none = el("li", "search-none", "No results for “" + q.trim() + "”.");
          none.setAttribute("role", "presentation");
          list.appendChild(none);
        }
        if (more) {
          more.hidden = res.total <= res.hits.length;
          var a = more.querySelector("a");
          if (a) {
            a.href = idx.siteBase + "search/?q=" + encodeURIComponent(q.trim());
            a.textContent = "All " + plural(res.total, "result") + " with filters";
          }
        }
        active = -1;
        open(true);
        live.textContent = (res.notListed ? notListedText(res) + " " : "") + fixedNote(res) + (res.total ?
          (res.total > res.hits.length ? res.hits.length + " of " + plural(res.total, "result") : plural(res.total, "result")) +
          " for “" + q.trim() + "”. Use the arrow keys to choose one." : "No results for “" + q.trim() + "”.");
        form.setAttribute("data-search-ms", t0 ? String(Math.round((performance.now() - t0) * 10) / 10) : "");
        form.setAttribute("data-search-done", String(my));
      }, function () {
        if (my === seq) {
          live.textContent = "Search is not available right now.";
        }
      });
    }
    input.addEventListener("focus", function () {
      idx.open().catch(function () {});
      if (input.value.trim() && list.childNodes.length) {
        open(true);
      }
    });
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (ev) {
      var n = list.querySelectorAll("[role=option]").length;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (popup.hidden) {
          if (input.value.trim()) {
            run();
          }
          ev.preventDefault();
          return;
        }
        if (!n) {
          return;
        }
        ev.preventDefault();
        setActive(ev.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (ev.key === "Enter") {
        if (!popup.hidden && active >= 0 && hrefs[active]) {
          ev.preventDefault();
          window.location.href = hrefs[active];
        }
      } else if (ev.key === "Escape") {
        if (!popup.hidden) {
          ev.preventDefault();
          open(false);
        } else if (input.value) {
          ev.preventDefault();
          input.value = "";
          run();
        }
      } else if (ev.key === "Tab") {
        open(false);
      }
    });
    document.addEventListener("click", function (ev) {
      if (!form.contains(ev.target)) {
        open(false);
      }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) {
        return;
      }
      var t = ev.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) {
        return;
      }
      ev.preventDefault();
      var page = document.getElementById("search-page-q");
      (page || input).focus();
    });
  }

  // setupPage runs /search/: reads ?q= and the filters, writes them back.
  function setupPage(root, form) {
    var input = root.querySelector("#search-page-q");
    var status = root.querySelector("[data-search-status]");
    var list = root.querySelector("[data-search-results]");
    var facets = root.querySelector("[data-search-facets]");
    var moreBtn = root.querySelector("[data-search-more-results]");
    var sort = root.querySelector("[data-search-sort]");
    if (!input || !status || !list || !facets) {
      return;
    }
    var idx = getIndex(form), seq = 0, limit = 10, PAGE = 10;
    var params = new URLSearchParams(window.location.search);
    var want = {};
    FACETS.forEach(function (f) {
      want[f] = params.getAll(f);
    });
    input.value = params.get("q") || "";
    if (sort) {
      sort.value = params.get("sort") === "date" ? "date" : "";
    }
    root.querySelectorAll("[data-search-js]").forEach(function (e) {
      e.hidden = false;
    });

    function writeURL() {
      var p = new URLSearchParams();
      if (input.value.trim()) {
        p.set("q", input.value.trim());
      }
      FACETS.forEach(function (f) {
        want[f].forEach(function (v) {
          p.append(f, v);
        });
      });
      if (sort && sort.value) {
        p.set("sort", sort.value);
      }
      var s = p.toString();
      window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : ""));
    }

    var names = { kind: "Kind", status: "Status", risk: "Risk", tag: "Tag" };
    var order = { kind: ["platform", "tool", "decision", "page"], risk: ["low", "medium", "high", "critical"] };

    function renderFacets(res) {
      facets.textContent = "";
      if (!res.counts) {
        return;
      }
      FACETS.forEach(function (f) {
        var c = res.counts[f] || {};
        var vals = Object.keys(c);
        want[f].forEach(function (v) {
          if (vals.indexOf(v) < 0) {
            vals.push(v);
          }
        });
        if (!vals.length) {
          return;
        }
        var lbl = (idx.m.lb && idx.m.lb[f]) || {};
        vals.sort(function (a, b) {
          var o = order[f];
          if (o && o.indexOf(a) >= 0 && o.indexOf(b) >= 0) {
            return o.indexOf(a) - o.indexOf(b);
          }
          return ((c[b] || 0) - (c[a] || 0)) || cmp(lbl[a] || a, lbl[b] || b);
        });
        var fs = el("fieldset", "search-facet");
        fs.appendChild(el("legend", "", names[f]));
        var ul = el("ul");
        vals.forEach(function (v) {
          var li = el("li"), id = "facet-" + f + "-" + v.replace(/[^a-z0-9-]/gi, "_");
          var box = el("input");
          box.type = "checkbox";
          box.id = id;
          box.value = v;
          box.checked = want[f].indexOf(v) >= 0;
          box.setAttribute("data-facet", f);
          var label = el("label", "", (lbl[v] || v) + " ");
          label.htmlFor = id;
          label.appendChild(el("span", "facet-count", "(" + (c[v] || 0) + ")"));
          box.addEventListener("change", function () {
            var w = want[f], i = w.indexOf(v);
            if (box.checked && i < 0) {
              w.push(v);
            } else if (!box.checked && i >= 0) {
              w.splice(i, 1);
            }
            limit = PAGE;
            writeURL();
            run();
          });
          li.appendChild(box);
          li.appendChild(label);
          ul.appendChild(li);
        });
        fs.appendChild(ul);
        facets.appendChild(fs);
      });
    }

    function run() {
      var q = input.value, my = ++seq;
      if (!q.trim()) {
        list.textContent = "";
        facets.textContent = "";
        status.textContent = "Type a word to search every platform, tool, decision and page.";
        if (moreBtn) {
          moreBtn.hidden = true;
        }
        return;
      }
      idx.search({ query: q, filters: want, byDate: sort && sort.value === "date", limit: limit }).then(function (res) {
        if (my !== seq) {
          return;
        }
        list.textContent = "";
        res.hits.forEach(function (h) {
          var li = el("li", "search-result");
          resultBody(li, idx, h, res, idx.siteBase, false);
          list.appendChild(li);
        });
        renderFacets(res);
        var filtered = FACETS.some(function (f) { return want[f].length; });
        status.textContent = "";
        // A name of nothing known: the answer, with the way to request it.
        if (res.notListed) {
          fillNotListed(status.appendChild(el("span", "search-notlisted")), idx, res, false);
          status.appendChild(document.createTextNode(" "));
        }
        status.appendChild(document.createTextNode(fixedNote(res) + (res.total ? plural(res.total, "result") + " for “" + q.trim() + "”" +
          (filtered ? " with the filters chosen" : "") + "." : "No results for “" + q.trim() + "”" + (filtered ? " with the filters chosen" : "") + ".")));
        if (moreBtn) {
          moreBtn.hidden = res.total <= res.hits.length;
        }
        root.setAttribute("data-search-done", String(my));
      }, function () {
        if (my === seq) {
          status.textContent = "Search is not available right now.";
        }
      });
    }

    input.addEventListener("input", function () {
      limit = PAGE;
      writeURL();
      run();
    });
    var pageForm = input.form;
    if (pageForm) {
      pageForm.addEventListener("submit", function (ev) {
        ev.preventDefault();
        writeURL();
        run();
      });
    }
    if (sort) {
      sort.addEventListener("change", function () {
        writeURL();
        run();
      });
    }
    if (moreBtn) {
      moreBtn.addEventListener("click", function () {
        limit += PAGE;
        run();
      });
    }
    run();
  }

  function init() {
    var form = document.querySelector("form[data-search-base]");
    if (!form) {
      return;
    }
    setupBox(form);
    var page = document.querySelector("[data-search-page]");
    if (page) {
      setupPage(page, form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

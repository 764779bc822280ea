// Package search is the room for full-text search: the tokenizer and
// stemmer, the index builder and shard writer that `playbook build` and
// `playbook serve` call (through render) to write the index under search/.
// The queries are answered by the browser client
// (themes/default/static/js/search.js); the tests hold a reference query
// engine (engine_test.go) that reads the same files, ranks exactly as the
// client does, and is compared with it through node.
//
// The index is made from the parsed content (model.Site): titles, headings
// with their anchors, body text read from the markdown, code at low weight,
// front-matter values, and kind, status, risk, tags and dates as filters. It
// never reads the rendered HTML.
//
// Files, all but the manifest named by a hash of their bytes:
//
//	search/manifest.json    the first terms and names of the chunks, the
//	                        document counts and names of the fragment files,
//	                        the names of the filter and vocabulary files
//	search/t/HASH.bin       term chunks of at most MaxChunk bytes: sorted
//	                        front-coded terms, each with its postings as
//	                        varints of the doc-id gap and a BM25F weight level
//	search/f/HASH.json      fragments: what results show (url, title, kind,
//	                        status, headings, text by section), many documents
//	                        to a file
//	search/x/NAME.HASH.bin  filters (kind, status, risk, tag: doc ids per
//	                        value; date: a day number per document), read
//	                        only when the search page filters or sorts
//	search/v/HASH.txt       typo vocabulary, one file per first letter, read
//	                        only when a word matches nothing
//
// A query reads the manifest, the chunks of its terms and the fragment
// files of the results it shows: nothing else.
//
// Questions (names.go; the words of questions in question_test.go, as
// search.js reads them). Readers type "can I use tiktok", "is
// hootsuite allowed", "who approved tiktok". A query's FillerWords (can, I,
// we, use, allowed, ok, is, approved, who, for, ...) are dropped when any
// other word remains. Every platform and tool is known by its names: its
// title, its file name, and the builtinAliases of those and of its title
// without a part in brackets ("twitter" for X, "fb" for Facebook, "insta"
// for Instagram); the first word of a longer name names it too, unless a
// word other than a filler word follows it; the chunks hold one name term per name, right after the stem
// of its first word, whose postings are the page and the decision records
// about it with their status. When a query names a platform or tool, its
// page comes first (the one named first, first) and its records follow;
// with DecideWords or an AskWord and a VerdictWord ("who approved"), its
// accepted or rejected records come before the page; with ConditionWords
// ("conditions", "rules") the page's result links to its required
// controls or conditions of use. A query that names nothing known, with at
// most three words besides filler and intent words that either find
// nothing or, in a question of use, no document about them, answers with
// NotListed: "Bluesky is not in the playbook: not listed means not
// approved", with the site's request page (Manifest.Request).
//
// It may import model, golang.org/x/text and the standard library. It
// writes only through the Output it is given.
package search

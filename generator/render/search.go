package render

import (
	"playbook/generator/model"
	"playbook/generator/search"
	"playbook/generator/write"
)

// searchPage is /search/: a box, filters and results that search.js fills
// from the index; it reads ?q= and the filters from its address.
func (v *viewer) searchPage() *page {
	pg := v.newPage("search", searchURL, "Search",
		"Search every platform guide, tool entry, decision record and page of the playbook.")
	return pg
}

// writeSearch starts writing the search index in the background, beside
// the pages; wait returns its error. A Memo keeps the per-document
// analyses between renders, so that a rebuild reads only changed files.
func writeSearch(site *model.Site, out write.Output, opts Options) (wait func() error) {
	if opts.NoSearch {
		return func() error { return nil }
	}
	var cache *search.Cache
	if opts.Memo != nil {
		cache = opts.Memo.SearchCache()
	}
	done := make(chan error, 1)
	go func() {
		done <- search.Write(site, out, search.Options{Cache: cache, Workers: opts.Workers})
	}()
	return func() error { return <-done }
}

// SearchCache is the Memo's cache of per-document search analyses, made on
// first use; a search index built with it reads only changed documents.
func (m *Memo) SearchCache() *search.Cache {
	if m.search == nil {
		m.search = search.NewCache()
	}
	return m.search
}

// WriteSearch writes the search index alone, with the per-document analyses
// a Memo keeps (a rebuild of page bodies alone, which renders no list).
func WriteSearch(site *model.Site, out write.Output, memo *Memo) error {
	var cache *search.Cache
	if memo != nil {
		cache = memo.SearchCache()
	}
	return search.Write(site, out, search.Options{Cache: cache})
}

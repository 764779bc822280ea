package render

// searchPage is /search/: a box, filters and results that search.js fills
// from the index; it reads ?q= and the filters from its address.
func (v *viewer) searchPage() *page {
	pg := v.newPage("search", searchURL, "Search",
		"Search every platform guide, tool entry, decision record and page of the playbook.")
	return pg
}

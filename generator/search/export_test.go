package search

import "playbook/generator/model"

// AnalyzeSite analyzes every document of a site on one worker, as Build
// does but without a cache, and returns how many it analyzed. It is for
// BenchmarkAnalyze, which lives in package search_test (a test of package
// search cannot import the loader: the loader imports search).
func AnalyzeSite(site *model.Site) int {
	return len(analyzeAll(site.Docs(), ownersOf(site), nil, 1))
}

package search

import "playbook/generator/model"

// AnalyzeSite analyzes every document of a site on one worker, as Build
// does but without a cache, and returns how many it analyzed. It is for
// BenchmarkAnalyze, which lives in package search_test (a test of package
// search cannot import the loader: the loader imports search).
func AnalyzeSite(site *model.Site) int {
	docs := site.Docs()
	owners := map[*model.Doc]any{}
	for _, p := range site.Platforms {
		owners[&p.Doc] = p
	}
	for _, t := range site.Tools {
		owners[&t.Doc] = t
	}
	for _, d := range site.Decisions {
		owners[&d.Doc] = d
	}
	return len(analyzeAll(docs, owners, nil, 1))
}

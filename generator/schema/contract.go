package schema

import (
	"strings"

	fm "playbook/generator/frontmatter"
	"playbook/generator/load"
	"playbook/generator/model"
)

// Kinds returns the contract of every kind of content file: the loader's
// fields, aliases, required fields and keys of other tools (loaderContract),
// and what only the schemas add: titles, descriptions, patterns, and the
// fields a kind reads but refuses.
func Kinds() []Kind {
	kinds := []Kind{
		{
			Name:        "platform",
			Title:       "Playbook platform guide",
			Description: "The front matter of a guide to one social platform (content/platforms/*.md).",
			Files:       "content/platforms/*.md",
			Patterns:    patterns,
			Unused:      unusedPermalink,
			About:       merge(commonAbout, platformAbout),
		},
		{
			Name:        "tool",
			Title:       "Playbook tool entry",
			Description: "The front matter of an approved-tool entry (content/tools/*.md).",
			Files:       "content/tools/*.md",
			Patterns:    patterns,
			Unused:      unusedPermalink,
			About:       merge(commonAbout, toolAbout),
		},
		{
			Name:        "decision",
			Title:       "Playbook decision record",
			Description: "The front matter of a decision record (content/decisions/*.md). A record without an id is an imported record (MADR, adr-tools), whose fields are all optional.",
			Files:       "content/decisions/**/*.md",
			Patterns:    patterns,
			Unused: map[string]string{
				"slug":      "Not used for a decision record: its address is /decisions/<id in lower case>/ whatever its file is called (aliases keep an old address working). Leave it out.",
				"permalink": "Not used for a decision record: its address is /decisions/<id in lower case>/ (aliases keep an old address working). Leave it out.",
			},
			About: merge(commonAbout, decisionAbout),
		},
		{
			Name:        "page",
			Title:       "Playbook page",
			Description: "The front matter of a plain page: any other markdown file under content/, and every folder's _index.md.",
			Files:       "content/**/*.md",
			Patterns:    patterns,
			About:       merge(commonAbout, map[string]string{"title": "The page's title; without it, the first # heading is the title."}),
		},
	}
	for i, mk := range []model.Kind{model.KindPlatform, model.KindTool, model.KindDecision, model.KindPage} {
		s, required := loaderContract(mk)
		kinds[i].Fields, kinds[i].Aliases, kinds[i].Ignored, kinds[i].Required = s.Fields, s.Aliases, s.Ignored, required
	}
	return kinds
}

// loaderContract is the loader's schema of a kind (its fields, aliases and
// the keys of other site tools it accepts) and the fields it requires:
// the schemas are made from the rules the build enforces, not a copy.
func loaderContract(k model.Kind) (fm.Schema, []string) { return load.Contract(k) }

var patterns = map[string]string{
	"id":            IDPattern,
	"superseded_by": IDPattern,
	"supersedes":    IDPattern,
	"decisions":     IDPattern,
	"slug":          SlugPattern,
	"permalink":     PathPattern,
	"aliases":       AliasPattern,
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

var (
	date   = "A date written YYYY-MM-DD, such as 2026-01-31."
	people = " A name, or a list of names."
	refsOf = func(what, example string) string {
		return "The " + what + " this one concerns, by file name (" + example + "); a ref written on one side shows on both pages."
	}
	oneOf   = func(vals []string) string { return strings.Join(vals, " | ") }
	reviews = "The date of the last review. " + date
)

var commonAbout = map[string]string{
	"title":       "The title, as the site shows it.",
	"tags":        "Tags, each listed on the tags page: a word or a list of words.",
	"description": "One sentence for search results and the page's summary.",
	"weight":      "Orders pages within a folder: lower first.",
	"draft":       "true marks the page as a draft, with a banner.",
	"aliases":     "Old addresses that lead to this page, such as /tools/old-name/.",
	"slug":        "The last part of the page's address instead of its file name: letters, digits, '-', '_' or '.', such as tiktok-ads.",
	"permalink":   "The page's whole address instead of its path, such as /policies/social-media/.",
}

var unusedPermalink = map[string]string{"permalink": "Not used here: the address is made from the file name (slug changes it; aliases keep an old address working). Leave it out."}

var platformAbout = map[string]string{
	"status":       "The approval state: " + oneOf(model.Approvals) + ".",
	"risk":         "The risk of using the platform: " + oneOf(model.Risks) + ".",
	"owner":        "Who keeps this guide up to date." + people,
	"reviewed":     reviews,
	"next_review":  "When the guide must be reviewed again; past it, check warns. " + date,
	"controls":     "Safeguards required before use.",
	"allowed_uses": "What the business may do on the platform.",
	"accounts":     "The company's accounts on the platform.",
	"tools":        refsOf("tools", "hootsuite"),
	"decisions":    "The decision records about this platform, by id (DR-0007).",
}

var toolAbout = map[string]string{
	"vendor":      "The company that sells the tool.",
	"category":    "What kind of tool it is, e.g. Social media management.",
	"status":      "The approval state: " + oneOf(model.Approvals) + ". A conditional tool lists its conditions.",
	"data":        "The most sensitive data class the tool may hold: " + oneOf(model.DataClasses) + ".",
	"sso":         "Single sign-on: " + oneOf(model.Supports) + ".",
	"mfa":         "Multi-factor authentication: " + oneOf(model.Supports) + ".",
	"owner":       "Who keeps this entry up to date." + people,
	"reviewed":    reviews,
	"next_review": "When the entry must be reviewed again; past it, check warns. " + date,
	"conditions":  "What users must do to use the tool; required when the status is conditional.",
	"platforms":   refsOf("platforms", "pinterest"),
	"decisions":   "The decision records about this tool, by id (DR-0007).",
	"url":         "The tool's web address.",
}

var decisionAbout = map[string]string{
	"id":            "The record's id: letters, a hyphen and digits, such as DR-0007. Without it the record is an imported one, numbered from its file name.",
	"date":          "When the record was written or decided. " + date,
	"status":        "The decision's status: " + oneOf(model.Statuses) + " (statuses in playbook.yaml add more), or \"superseded by\" and the successor's id.",
	"requested_by":  "Who on the business side asked for it." + people,
	"assessed_by":   "Who in security assessed the risk." + people,
	"risk":          "The assessed risk: " + oneOf(model.Risks) + ".",
	"decided_by":    "Who decided; required once the record is accepted, rejected, superseded or deprecated." + people,
	"escalated_to":  "The senior decision-maker an impasse went to; required when the status is escalated." + people,
	"conditions":    "The conditions the decision was taken on.",
	"review_by":     "When the accepted risk must be reviewed again. " + date,
	"supersedes":    "The records this one replaces, by id (DR-0003).",
	"superseded_by": "The record that replaces this one, by id; required when the status is superseded.",
	"platforms":     refsOf("platforms", "pinterest"),
	"tools":         refsOf("tools", "hootsuite"),
	"consulted":     "Who was consulted." + people,
	"informed":      "Who was informed." + people,
}

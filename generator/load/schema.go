package load

import (
	"strings"

	fm "playbook/generator/frontmatter"
	"playbook/generator/model"
)

// ignored are keys other site tools write in front matter; they are accepted
// and dropped so that content moved from Jekyll, Hugo or MkDocs still builds.
var ignored = []string{"layout", "parent", "nav_order"}

var common = []fm.Field{
	{Name: "title", Type: fm.String},
	{Name: "tags", Type: fm.StringList},
	{Name: "description", Type: fm.String},
	{Name: "weight", Type: fm.Int},
	{Name: "draft", Type: fm.Bool},
	{Name: "aliases", Type: fm.StringList},
	{Name: "slug", Type: fm.String},
	{Name: "permalink", Type: fm.String},
}

func withCommon(fields ...fm.Field) []fm.Field {
	return append(append([]fm.Field{}, common...), fields...)
}

var (
	approval = fm.Field{Name: "status", Type: fm.Enum, Enum: model.Approvals}
	risk     = fm.Field{Name: "risk", Type: fm.Enum, Enum: model.Risks}
)

var platformSchema = fm.Schema{
	Kind: "platform",
	Fields: withCommon(
		approval, risk,
		fm.Field{Name: "owner", Type: fm.People},
		fm.Field{Name: "reviewed", Type: fm.Date},
		fm.Field{Name: "next_review", Type: fm.Date},
		fm.Field{Name: "controls", Type: fm.StringList},
		fm.Field{Name: "allowed_uses", Type: fm.StringList},
		fm.Field{Name: "accounts", Type: fm.StringList},
		fm.Field{Name: "tools", Type: fm.StringList},
		fm.Field{Name: "decisions", Type: fm.StringList},
	),
}

var toolSchema = fm.Schema{
	Kind: "tool",
	Fields: withCommon(
		fm.Field{Name: "vendor", Type: fm.String},
		fm.Field{Name: "category", Type: fm.String},
		approval,
		fm.Field{Name: "data", Type: fm.Enum, Enum: model.DataClasses},
		fm.Field{Name: "sso", Type: fm.Enum, Enum: model.Supports},
		fm.Field{Name: "mfa", Type: fm.Enum, Enum: model.Supports},
		fm.Field{Name: "owner", Type: fm.People},
		fm.Field{Name: "reviewed", Type: fm.Date},
		fm.Field{Name: "next_review", Type: fm.Date},
		fm.Field{Name: "conditions", Type: fm.StringList},
		fm.Field{Name: "platforms", Type: fm.StringList},
		fm.Field{Name: "decisions", Type: fm.StringList},
		fm.Field{Name: "url", Type: fm.String},
	),
}

var decisionSchema = fm.Schema{
	Kind: "decision record",
	Fields: withCommon(
		fm.Field{Name: "id", Type: fm.String},
		fm.Field{Name: "date", Type: fm.Date},
		// Checked by the loader, which also reads MADR's "superseded by X".
		fm.Field{Name: "status", Type: fm.String},
		fm.Field{Name: "requested_by", Type: fm.People},
		fm.Field{Name: "assessed_by", Type: fm.People},
		risk,
		fm.Field{Name: "decided_by", Type: fm.People},
		fm.Field{Name: "escalated_to", Type: fm.People},
		fm.Field{Name: "conditions", Type: fm.StringList},
		fm.Field{Name: "review_by", Type: fm.Date},
		fm.Field{Name: "supersedes", Type: fm.StringList},
		fm.Field{Name: "superseded_by", Type: fm.String},
		fm.Field{Name: "platforms", Type: fm.StringList},
		fm.Field{Name: "tools", Type: fm.StringList},
		fm.Field{Name: "consulted", Type: fm.People},
		fm.Field{Name: "informed", Type: fm.People},
	),
	Aliases: map[string]string{"decision-makers": "decided_by", "deciders": "decided_by"},
}

var pageSchema = fm.Schema{Kind: "page", Fields: withCommon()}

// required lists the fields each kind must have (decisions: native records).
var required = map[model.Kind][]string{
	model.KindPlatform: {"title", "status", "risk", "owner", "reviewed", "next_review"},
	model.KindTool:     {"title", "vendor", "category", "status", "data", "sso", "mfa", "owner", "reviewed", "next_review"},
	model.KindDecision: {"id", "title", "date", "status", "requested_by", "assessed_by", "risk"},
}

// schemaFor returns the schema of a kind with the site's extra keys accepted.
func schemaFor(k model.Kind, extra []string) *fm.Schema {
	var s fm.Schema
	switch k {
	case model.KindPlatform:
		s = platformSchema
	case model.KindTool:
		s = toolSchema
	case model.KindDecision:
		s = decisionSchema
	default:
		s = pageSchema
	}
	s.Ignored = append(append([]string{}, ignored...), extra...)
	return &s
}

// hint says what a required field holds, for "field is empty" errors.
func hint(k model.Kind, field string) string {
	switch field {
	case "title":
		return "a title"
	case "status":
		if k == model.KindDecision {
			return "one of " + strings.Join(model.Statuses, ", ")
		}
		return "one of " + strings.Join(model.Approvals, ", ")
	case "risk":
		return "one of " + strings.Join(model.Risks, ", ")
	case "data":
		return "one of " + strings.Join(model.DataClasses, ", ")
	case "sso", "mfa":
		return "one of " + strings.Join(model.Supports, ", ")
	case "owner":
		return "the name of who keeps this entry up to date"
	case "requested_by":
		return "who on the business side asked for it"
	case "assessed_by":
		return "who in security assessed the risk"
	case "reviewed", "next_review", "date":
		return "a date YYYY-MM-DD"
	case "id":
		return "an id like DR-0007"
	}
	return "a value"
}

// Contract is the front-matter schema of a kind of content file and the
// fields it requires, as the loader enforces them (for playbook schema).
func Contract(k model.Kind) (fm.Schema, []string) { return *schemaFor(k, nil), required[k] }

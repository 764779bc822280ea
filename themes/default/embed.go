// Package theme is the default theme of playbook: the html/template files
// under templates/ (a base layout, shared partials and one template per kind
// of page) and the files under static/ (stylesheet, filter script, favicon),
// which the render stage copies verbatim to the root of the output. It holds
// templates and assets only: every decision a page shows is made in Go by
// package render and handed to the templates as data.
package theme

import "embed"

// FS holds templates/*.html and static/**.
//
//go:embed templates static
var FS embed.FS

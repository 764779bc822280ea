package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"playbook/generator/model"
)

// ManifestDoc is exports/manifest.json: evidence of what a build published.
// Files maps the output path of every published file but the manifest
// itself ("decisions/dr-0004/index.html") to the SHA-256 of its bytes in
// lower-case hex; JSON writes its keys sorted.
type ManifestDoc struct {
	Site      string            `json:"site"`
	BaseURL   string            `json:"base_url"`
	Commit    string            `json:"commit"` // the commit the site was built from, "" outside git
	Date      string            `json:"date"`   // the build's date (SOURCE_DATE_EPOCH's when set)
	Algorithm string            `json:"algorithm"`
	Files     map[string]string `json:"files"`
}

// ManifestSums is the manifest (see ManifestCache.Manifest) from the
// SHA-256 of each file's bytes, as a
// build into a folder works them out while it writes the files (so that
// nothing is read back). ManifestJSON, when among them, is left out.
func ManifestSums(site *model.Site, sums map[string][sha256.Size]byte) ([]byte, error) {
	order := make([]string, 0, len(sums))
	for p := range sums {
		if p == ManifestJSON {
			continue
		}
		if err := checkRel(p); err != nil {
			return nil, fmt.Errorf("export: manifest: %w", err)
		}
		order = append(order, p)
	}
	slices.Sort(order)
	return manifestJSON(site, order, func(p string) string { s := sums[p]; return fileLine(p, s[:]) }), nil
}

// ManifestCache makes the manifests of successive in-memory snapshots that
// share most of their files' bytes (serve's, where an unchanged file keeps
// the very slice of the last build): a file whose bytes are the same slice
// as last time is not hashed again, and the paths are sorted again only
// when one was added or removed. The slices must not be changed once
// given. Its zero value is ready; it is safe for concurrent use.
type ManifestCache struct {
	mu    sync.Mutex
	last  map[string]digest
	order []string // the keys of last, sorted
}

type digest struct {
	first *byte // the slice's first byte, nil when empty
	n     int
	line  string // the file's line of the manifest (fileLine)
}

// Manifest is exports/manifest.json for a build of site whose published
// files are files: each output path (a slash path relative to the output
// folder, as write.Output takes it) with its bytes. ManifestJSON, when
// among them, is left out. The same site and files give the same bytes,
// whatever the order files yields them in. A path given twice, or one that
// is not a clean relative slash path, is an error. It reuses what it
// worked out for the slices it was given last time.
func (c *ManifestCache) Manifest(site *model.Site, files iter.Seq2[string, []byte]) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	next := make(map[string]digest, len(c.last))
	kept := 0 // paths that were there last time
	for p, data := range files {
		if p == ManifestJSON {
			continue
		}
		var first *byte
		if len(data) > 0 {
			first = &data[0]
		}
		d, ok := c.last[p]
		if _, dup := next[p]; dup {
			return nil, fmt.Errorf("export: manifest: %s is given twice", p)
		}
		if ok {
			kept++
		} else if err := checkRel(p); err != nil {
			return nil, fmt.Errorf("export: manifest: %w", err)
		}
		if !ok || d.first != first || d.n != len(data) || first == nil {
			sum := sha256.Sum256(data)
			d = digest{first, len(data), fileLine(p, sum[:])}
		}
		next[p] = d
	}
	if kept != len(c.last) || len(next) != len(c.last) || c.last == nil {
		c.order = slices.Sorted(maps.Keys(next))
	}
	c.last = next
	return manifestJSON(site, c.order, func(p string) string { return next[p].line }), nil
}

// checkRel refuses what is not an output path: empty, absolute, with a
// backslash, or not clean ("a/../b", "./a", "a//b", "..", "a/").
func checkRel(p string) error {
	if p == "" || p == "." || p == ".." || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "../") || strings.Contains(p, `\`) || path.Clean(p) != p {
		return fmt.Errorf("%q is not a path inside the output folder", p)
	}
	return nil
}

// fileLine is a file's line in the manifest's "files" object.
func fileLine(p string, sum []byte) string {
	return "    " + jsonString(p) + ": \"" + hex.EncodeToString(sum) + "\""
}

// manifestJSON writes the manifest as encoding/json would write a
// ManifestDoc (marshal), from each file's line, in the order given
// (sorted), without a pass of reflection over thousands of entries.
func manifestJSON(site *model.Site, order []string, line func(path string) string) []byte {
	var b bytes.Buffer
	b.Grow(256 + len(order)*(len(`    "": "",`)+sha256.Size*2+48)) // a path of 48 bytes or so
	b.WriteString("{\n")
	for _, f := range [][2]string{{"site", site.Title}, {"base_url", site.BaseURL}, {"commit", site.Commit}, {"date", site.Today.String()}, {"algorithm", "sha256"}} {
		b.WriteString("  \"" + f[0] + "\": " + jsonString(f[1]) + ",\n")
	}
	if len(order) == 0 {
		b.WriteString("  \"files\": {}\n}\n")
		return b.Bytes()
	}
	b.WriteString("  \"files\": {\n")
	for i, p := range order {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(line(p))
	}
	b.WriteString("\n  }\n}\n")
	return b.Bytes()
}

// jsonString is s as encoding/json writes a string, HTML characters
// escaped (as marshal does).
func jsonString(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s)
			return string(b)
		}
	}
	return `"` + s + `"`
}

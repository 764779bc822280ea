package load

import (
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"playbook/bench/gen"
	"playbook/generator/config"
	"playbook/generator/model"
)

var mixOut = flag.String("mixout", "", "TestWriteMixSite writes the realistic-mix site of -mixdocs documents into this `folder`")
var mixDocs = flag.Int("mixdocs", 2000, "documents of the realistic-mix site")

// mixSnippets are code blocks as a playbook holds them, in many languages.
var mixSnippets = []string{
	"```go\nfunc revoke(ctx context.Context, id string) error {\n\treturn client.Tokens.Delete(ctx, id)\n}\n```\n",
	"```python\nimport requests\n\nr = requests.get(\"https://api.example.com/v1/posts\", timeout=10)\nr.raise_for_status()\n```\n",
	"```js\nconst res = await fetch('/api/accounts', { credentials: 'include' });\nconsole.log(await res.json());\n```\n",
	"```bash\nfor u in $(cat users.txt); do\n  gam update user \"$u\" 2sv enforced\ndone\n```\n",
	"```sh\ncurl -s https://status.example.com/api/v2/status.json\n```\n",
	"```yaml\nsso:\n  provider: okta\n  enforced: true\n```\n",
	"```json\n{\"account\": \"@example\", \"owner\": \"comms\", \"mfa\": true}\n```\n",
	"```sql\nSELECT account, owner, last_login\nFROM social_accounts\nWHERE mfa_enabled = false;\n```\n",
	"```html\n<a href=\"https://www.linkedin.com/company/example\" rel=\"noopener\">LinkedIn</a>\n```\n",
	"```text\nSubject: Access request for Hootsuite\nTeam: Marketing\n```\n",
	"```dockerfile\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates\n```\n",
	"```toml\n[accounts]\nowner = \"comms\"\nreview = \"2026-06-01\"\n```\n",
	"```powershell\nGet-MgUser -Filter \"department eq 'Marketing'\" | Select DisplayName\n```\n",
}

var fence = regexp.MustCompile("(?ms)^```[a-z]*\n.*?^```\n")

// writeMixSite writes a site of n documents with the generated corpus's
// front matter and prose (bench/gen) but code as a real playbook has it:
// every generated code block removed, and one document in ten given one to
// three blocks in a language drawn from mixSnippets.
func writeMixSite(tb testing.TB, dir string, n int) {
	tb.Helper()
	if err := gen.Write(dir, n); err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, uint64(n)))
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := fence.ReplaceAllString(string(b), "")
		if r.IntN(10) == 0 {
			for range 1 + r.IntN(3) {
				s += "\n" + mixSnippets[r.IntN(len(mixSnippets))]
			}
		}
		return os.WriteFile(p, []byte(s), 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// TestWriteMixSite writes the realistic-mix site for timing whole builds:
//
//	go test ./generator/load -run TestWriteMixSite -mixout /dev/shm/mix -mixdocs 2000
func TestWriteMixSite(t *testing.T) {
	if *mixOut == "" {
		t.Skip("no -mixout")
	}
	writeMixSite(t, *mixOut, *mixDocs)
	cfg, _ := config.Load(*mixOut)
	s, probs := Site(Options{Source: *mixOut, Config: cfg, Today: model.Date{Year: 2026, Month: 6, Day: 1}, NoCache: true})
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	blocks := 0
	for _, d := range s.Docs() {
		blocks += strings.Count(string(d.Body), "\n```") / 2
	}
	fmt.Printf("wrote %d documents, %d code blocks, to %s\n", len(s.Docs()), blocks, *mixOut)
}

// BenchmarkLoadDiskCache loads the sample site (content/), the generated
// 2,000-document site and the realistic-mix site of as many documents with the disk cache off (every
// body converted) and with it warm (every body read from the cache).
//
//	go test ./generator/load -run '^$' -bench LoadDiskCache -benchtime 5x
func BenchmarkLoadDiskCache(b *testing.B) {
	for _, site := range []string{"sample", "gen", "mix"} {
		src := b.TempDir()
		if site == "sample" {
			src = "../.." // content/ of the repository, 35 documents
		} else if site == "gen" {
			if err := gen.Write(src, diskBenchDocs); err != nil {
				b.Fatal(err)
			}
		} else {
			writeMixSite(b, src, diskBenchDocs)
		}
		cfg, probs := config.Load(src)
		if probs.HasErrors() {
			b.Fatal(probs)
		}
		for _, mode := range []string{"off", "warm"} {
			b.Run(site+"/"+mode, func(b *testing.B) {
				b.Setenv("XDG_CACHE_HOME", b.TempDir())
				opts := Options{Source: src, Config: cfg, Today: model.Date{Year: 2026, Month: 6, Day: 1}, NoCache: mode == "off"}
				s, probs := Site(opts)
				if probs.HasErrors() {
					b.Fatal(probs)
				}
				for b.Loop() {
					Site(opts)
				}
				b.ReportMetric(float64(len(s.Docs())*b.N)/b.Elapsed().Seconds(), "docs/s")
			})
		}
	}
}

// diskBenchDocs is the size of the sites of BenchmarkLoadDiskCache.
const diskBenchDocs = 2000

package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"playbook/generator/model"
)

// Format constants. The client reads Bits and the rest of what it needs
// from the manifest.
const (
	// Version is the format version, "v" in the manifest: 2 added the
	// name terms (see NameMark) and the request page.
	Version = 2
	// LevelBits is how many low bits of a posting hold its weight level.
	LevelBits = 4
	// MaxChunk bounds a term chunk, in bytes: a chunk holds whole term
	// entries up to this size, and a term whose postings are larger is split
	// over chunks of its own.
	MaxChunk = 8 << 10
	// MaxFragments bounds a fragment file, in bytes, unless one document's
	// entry alone is larger.
	MaxFragments = 6 << 10
	// MaxGroup is the most documents a fragment file holds (one base-36
	// digit in the manifest).
	MaxGroup = 35
	// FragBlock is how many fragment files share one hash in their names:
	// the manifest stays small, and an edit renames only its block.
	FragBlock = 64
	// VocabMin is the least size of a typo vocabulary file, but for the
	// last: letters with few words share one.
	VocabMin = 2 << 10
	// Dir is the folder of the index in the output.
	Dir = "search/"
	// ManifestPath is the one file with a fixed name.
	ManifestPath = Dir + "manifest.json"
)

// BM25F parameters: field weights (title well above headings above body
// above code), length normalization per field, and term saturation.
var (
	fieldWeight = [nFields]float64{16, 4, 1, 0.35}
	fieldB      = [nFields]float64{0.5, 0.4, 0.75, 0.75}
)

// K1 is BM25's term-frequency saturation.
const K1 = 2

// Output receives the index files; render.Output is one.
type Output interface {
	WriteFile(rel string, data []byte) error
}

// Options configures Build and Write.
type Options struct {
	// Cache keeps per-document analyses between builds; nil analyzes
	// every document.
	Cache *Cache
	// Workers analyze documents in parallel; <=0 means GOMAXPROCS.
	Workers int
}

// Write builds the index of the site and writes its files.
func Write(site *model.Site, out Output, opts Options) error {
	files := Build(site, opts)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := out.WriteFile(n, files[n]); err != nil {
			return fmt.Errorf("search: write %s: %w", n, err)
		}
	}
	return nil
}

// Manifest is the index's table of contents, the first file a query reads.
type Manifest struct {
	Version int     `json:"v"`
	Docs    int     `json:"n"`
	Bits    int     `json:"bits"`
	K1      float64 `json:"k1"`
	// Levels is the pseudo-frequency each level stands for.
	Levels []float64 `json:"lx"`
	Stop   []string  `json:"stop"`
	// Chunks holds the first term of every term chunk, in order;
	// ChunkHash the chunks' names, 8 hex digits each, in the same order.
	Chunks    []string `json:"ct"`
	ChunkHash string   `json:"ch"`
	// FragCounts is how many documents each fragment file holds, in
	// document order, one base-36 digit per file. FragHash names them:
	// 8 hex digits per block of FragBlock files, a hash of the block.
	FragCounts string `json:"fc"`
	FragHash   string `json:"fh"`
	// Filters names the filter files: kind, status, risk, tag and date.
	Filters map[string]string `json:"x"`
	// Vocab names the typo vocabulary file of each first letter.
	Vocab map[string]string `json:"vc"`
	// Labels are the words the client shows for filter values.
	Labels map[string]map[string]string `json:"lb"`
	// Request is the URL of the page that says how to ask for a platform
	// or tool (request_page in playbook.yaml), "" when none is named: a
	// query that names nothing known links to it.
	Request string `json:"rq,omitempty"`
}

// Paths of the index files, relative to the output root.
func chunkPath(h string) string        { return Dir + "t/" + h + ".bin" }
func fragPath(h string, g int) string  { return Dir + "f/" + h + "-" + strconv.Itoa(g) + ".json" }
func filterPath(name, h string) string { return Dir + "x/" + name + "." + h + ".bin" }
func vocabPath(h string) string        { return Dir + "v/" + h + ".txt" }
func hashOf(b []byte) string           { s := sha256.Sum256(b); return hex.EncodeToString(s[:4]) }

// FilterNames are the filter files, in the order the search page shows
// them (date is for sorting).
var FilterNames = []string{"kind", "status", "risk", "tag", "date"}

// ownersOf maps each record's document to its record.
func ownersOf(site *model.Site) map[*model.Doc]any {
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
	return owners
}

// Build makes the index files of a site: output path → bytes. The same
// site always gives the same bytes.
func Build(site *model.Site, opts Options) map[string][]byte {
	docs, owners := site.Docs(), ownersOf(site)
	slices.SortStableFunc(docs, func(a, b *model.Doc) int {
		return cmp.Or(cmp.Compare(a.URL, b.URL), cmp.Compare(a.Path, b.Path))
	})
	opts.Cache.forSite(site)
	data := analyzeAll(docs, owners, opts.Cache, opts.Workers)
	number := make(map[string]int, len(docs))
	for i, d := range docs {
		number[d.Path] = i
	}

	files := map[string][]byte{}
	m := &Manifest{Version: Version, Docs: len(data), Bits: LevelBits, K1: K1, Levels: levels[:], Stop: StopWords,
		Filters: map[string]string{}, Vocab: map[string]string{}, Request: site.RequestURL}
	writeChunks(files, m, data, nameLists(site, number))
	writeFragments(files, m, data)
	writeFilters(files, m, data)
	writeVocab(files, m, data)
	m.Labels = labels(site)
	mb, _ := json.Marshal(m)
	files[ManifestPath] = mb
	return files
}

// avgLens is the mean length of every field, rounded to a 5% grid so that
// an edit of one document seldom changes every other document's levels.
func avgLens(data []*docData) [nFields]float64 {
	var avg [nFields]float64
	for f := range nFields {
		sum := 0
		for _, d := range data {
			sum += d.lens[f]
		}
		a := 1.0
		if len(data) > 0 && sum > 0 {
			a = float64(sum) / float64(len(data))
		}
		a = math.Exp(math.Round(math.Log(a)*20) / 20)
		avg[f] = max(a, 1)
	}
	return avg
}

// level is the BM25F pseudo-frequency of a term in a document (the
// field-weighted, length-normalized term frequency), quantized on a log
// scale to LevelBits: level L stands for LevelBase × LevelStep^L.
func level(tf [nFields]uint16, lens [nFields]int, avg [nFields]float64) int {
	x := 0.0
	for f := range nFields {
		if tf[f] == 0 {
			continue
		}
		norm := 1 - fieldB[f] + fieldB[f]*float64(lens[f])/avg[f]
		x += fieldWeight[f] * float64(tf[f]) / norm
	}
	l := int(math.Round(math.Log(x/LevelBase) / math.Log(LevelStep)))
	return min(max(l, 0), 1<<LevelBits-1)
}

// The scale of the levels: LevelBase is level 0, each level LevelStep
// times the one below.
const (
	LevelBase = 0.15
	LevelStep = 1.5
)

// levels holds the pseudo-frequency of every level; the manifest carries
// it so that the client computes with the same numbers.
var levels = func() (l [1 << LevelBits]float64) {
	for i := range l {
		l[i] = LevelBase * math.Pow(LevelStep, float64(i))
	}
	return l
}()

// entry is one term's postings (or a part of them) in a chunk.
type entry struct {
	term     string
	count    int
	postings []byte
}

// writeChunks writes the term chunks of the documents' terms and of the
// name terms (names: term → postings, levels included).
func writeChunks(files map[string][]byte, m *Manifest, data []*docData, names map[string][]posting) {
	avg := avgLens(data)
	lists := map[string][]posting{}
	for i, d := range data {
		for _, t := range d.terms {
			lists[t.term] = append(lists[t.term], posting{i, level(t.tf, d.lens, avg)})
		}
	}
	for t, ps := range names {
		lists[t] = ps
	}
	terms := make([]string, 0, len(lists))
	for t := range lists {
		terms = append(terms, t)
	}
	slices.SortFunc(terms, compareTerms)

	var chunk []entry
	size := 0
	flush := func() {
		if len(chunk) == 0 {
			return
		}
		b := encodeChunk(chunk)
		h := hashOf(b)
		files[chunkPath(h)] = b
		m.Chunks = append(m.Chunks, chunk[0].term)
		m.ChunkHash += h
		chunk, size = nil, 0
	}
	var buf []byte
	for _, t := range terms {
		ps := lists[t]
		// Encode the postings, splitting them into parts that fit a chunk.
		var parts []entry
		buf = buf[:0]
		prev, n := -1, 0
		for _, p := range ps {
			v := uint64(p.doc-prev-1)<<LevelBits | uint64(p.level)
			if len(buf)+binary.MaxVarintLen64+len(t)+16 > MaxChunk && n > 0 {
				parts = append(parts, entry{t, n, bytes.Clone(buf)})
				buf, prev, n = buf[:0], -1, 0
				v = uint64(p.doc)<<LevelBits | uint64(p.level)
			}
			buf = binary.AppendUvarint(buf, v)
			prev = p.doc
			n++
		}
		parts = append(parts, entry{t, n, bytes.Clone(buf)})
		for i, e := range parts {
			es := entrySize(e)
			// A split term starts its own chunks; otherwise cut where the
			// chunk is full, or, past half, where the term's hash says so,
			// so that an edit does not move every later boundary (but not
			// before a name term, which stays with its first word).
			if len(parts) > 1 && i == 0 || size+es > MaxChunk || size >= MaxChunk/2 && termHash(t)%4 == 0 && !isNameTerm(t) {
				flush()
			}
			chunk = append(chunk, e)
			size += es
		}
	}
	flush()
}

func termHash(t string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(t))
	return h.Sum32()
}

func entrySize(e entry) int { return len(e.term) + len(e.postings) + 8 }

// encodeChunk writes a chunk: for every entry, the length of the prefix it
// shares with the previous term, the rest of the term (UTF-8), the number of
// postings and their length in bytes, then the postings: one varint each,
// (doc id − previous doc id − 1) << LevelBits | level, the first counted
// from −1.
func encodeChunk(es []entry) []byte {
	var b []byte
	prev := ""
	for _, e := range es {
		p := 0
		for p < len(prev) && p < len(e.term) && prev[p] == e.term[p] {
			p++
		}
		b = binary.AppendUvarint(b, uint64(p))
		b = binary.AppendUvarint(b, uint64(len(e.term)-p))
		b = append(b, e.term[p:]...)
		b = binary.AppendUvarint(b, uint64(e.count))
		b = binary.AppendUvarint(b, uint64(len(e.postings)))
		b = append(b, e.postings...)
		prev = e.term
	}
	return b
}

// writeFragments groups the documents' fragments into files of about
// MaxFragments bytes, in document order, and cuts where a document's hash
// says so once a file is half full, so that boundaries stay put.
func writeFragments(files map[string][]byte, m *Manifest, data []*docData) {
	var groups [][]byte
	var group [][]byte
	size := 0
	flush := func() {
		if len(group) == 0 {
			return
		}
		b := append([]byte("["), bytes.Join(group, []byte(","))...)
		groups = append(groups, append(b, ']'))
		m.FragCounts += strconv.FormatInt(int64(len(group)), 36)
		group, size = nil, 0
	}
	for _, d := range data {
		if size > 0 && (size+len(d.frag) > MaxFragments || len(group) == MaxGroup || size >= MaxFragments/2 && termHash(d.url)%4 == 0) {
			flush()
		}
		group = append(group, d.frag)
		size += len(d.frag) + 1
	}
	flush()
	for b := 0; b*FragBlock < len(groups); b++ {
		blk := groups[b*FragBlock : min(len(groups), (b+1)*FragBlock)]
		h := sha256.New()
		for _, g := range blk {
			h.Write(g)
			h.Write([]byte{0})
		}
		name := hex.EncodeToString(h.Sum(nil)[:4])
		m.FragHash += name
		for i, g := range blk {
			files[fragPath(name, b*FragBlock+i)] = g
		}
	}
}

// writeFilters writes one file per facet: the number of values, then for
// each value its length and UTF-8 bytes, its number of documents and their
// ids as varint gaps (id − previous id − 1, the first counted from −1). The
// date file is one varint per document: days since 0001-01-01 plus one (so
// that every date the contract reads is a positive number, 1969 included),
// 0 when the document has no date.
// firstDay is the day the date file counts from.
var firstDay = model.Date{Year: 1, Month: 1, Day: 1}

func writeFilters(files map[string][]byte, m *Manifest, data []*docData) {
	facet := func(name string, values func(d *docData) []string) {
		ids := map[string][]int{}
		for i, d := range data {
			for _, v := range values(d) {
				if v != "" {
					ids[v] = append(ids[v], i)
				}
			}
		}
		keys := make([]string, 0, len(ids))
		for k := range ids {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareTerms)
		b := binary.AppendUvarint(nil, uint64(len(keys)))
		for _, k := range keys {
			b = binary.AppendUvarint(b, uint64(len(k)))
			b = append(b, k...)
			b = binary.AppendUvarint(b, uint64(len(ids[k])))
			prev := -1
			for _, id := range ids[k] {
				b = binary.AppendUvarint(b, uint64(id-prev-1))
				prev = id
			}
		}
		h := hashOf(b)
		files[filterPath(name, h)] = b
		m.Filters[name] = h
	}
	facet("kind", func(d *docData) []string { return []string{d.kind} })
	facet("status", func(d *docData) []string { return []string{d.status} })
	facet("risk", func(d *docData) []string { return []string{d.risk} })
	facet("tag", func(d *docData) []string { return d.tags })
	var b []byte
	for _, d := range data {
		v := uint64(0)
		if !d.date.IsZero() {
			v = uint64(firstDay.DaysUntil(d.date)) + 1
		}
		b = binary.AppendUvarint(b, v)
	}
	h := hashOf(b)
	files[filterPath("date", h)] = b
	m.Filters["date"] = h
}

// writeVocab writes the typo vocabulary: the folded words of four letters or
// more, by first letter, sorted, one word a line. Letters with few words
// share a file of at least VocabMin bytes; the manifest names the file of
// every letter.
func writeVocab(files map[string][]byte, m *Manifest, data []*docData) {
	all := map[string]struct{}{}
	for _, d := range data {
		for _, w := range d.words {
			all[w] = struct{}{}
		}
	}
	by := map[string][]string{}
	for w := range all {
		r, _ := utf8.DecodeRuneInString(w)
		k := string(r)
		by[k] = append(by[k], w)
	}
	letters := make([]string, 0, len(by))
	for k := range by {
		letters = append(letters, k)
	}
	slices.SortFunc(letters, compareTerms)
	var buf []byte
	var pending []string
	flush := func() {
		if len(pending) == 0 {
			return
		}
		h := hashOf(buf)
		files[vocabPath(h)] = bytes.Clone(buf)
		for _, k := range pending {
			m.Vocab[k] = h
		}
		buf, pending = buf[:0], nil
	}
	for _, k := range letters {
		ws := by[k]
		slices.SortFunc(ws, compareTerms)
		if len(buf) > 0 {
			buf = append(buf, '\n')
		}
		buf = append(buf, strings.Join(ws, "\n")...)
		pending = append(pending, k)
		if len(buf) >= VocabMin {
			flush()
		}
	}
	flush()
}

// labels are the words the site uses for the values of the filters.
func labels(site *model.Site) map[string]map[string]string {
	kinds := map[string]string{}
	for _, k := range []model.Kind{model.KindPlatform, model.KindTool, model.KindDecision, model.KindPage} {
		kinds[k.String()] = strings.ToUpper(k.String()[:1]) + k.String()[1:]
	}
	status := map[string]string{"unknown": model.Unknown.Label()}
	for _, s := range site.AllowedStatuses() {
		status[s] = model.Status(s).Label()
	}
	for _, a := range model.Approvals {
		status[a] = model.Approval(a).Label()
	}
	risk := map[string]string{}
	for _, r := range model.Risks {
		risk[r] = strings.ToUpper(r[:1]) + r[1:] + " risk"
	}
	return map[string]map[string]string{"kind": kinds, "status": status, "risk": risk}
}

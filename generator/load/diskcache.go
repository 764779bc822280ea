package load

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"playbook/generator/cachedir"
	"playbook/generator/markdown"
)

// The disk cache keeps what markdown.Converter.Convert made of each body
// between runs of the program, under os.UserCacheDir()/playbook/bodies/ (so
// $XDG_CACHE_HOME/playbook/bodies on Linux), one file per entry:
//
//	bodies/<first two hex digits of the key>/<key in hex>
//
// The key is a SHA-256 of everything the conversion read: cacheFormat, the
// renderer's identity (goldmark's and chroma's module versions and the
// executable's Go build ID, when they can be read), the converter options
// (unsafe HTML), the body's line offset in its file (link positions are file
// positions) and the body's bytes. The one input the key cannot hold is the
// answers of the link resolver, so each entry stores the (destination → URL,
// ok) pairs the conversion asked for, and an entry is used only when the
// current resolver gives the same answers for the same destinations.
//
// An entry file is a header (magic, cacheFormat, the key, the payload's
// length and SHA-256) and the payload; a file with another magic, format or
// key, a wrong length or checksum, or a payload that does not decode is
// ignored and written again. Entries are written to a temporary file and
// renamed into place, so a reader sees a whole entry or none. When the
// folder cannot be made or written to, nothing is cached and the build goes
// on.
//
// Bound: an entry is touched when it is used (at most once a day), and once
// a day a load removes the entries not used for pruneAfter (30 days) and
// temporary files left by interrupted writes.

// cacheFormat is the version of the entry layout and of the renderer. Bump
// it whenever package markdown (or this file) changes what Convert returns
// for the same input, so that entries made by older code are not trusted
// when the build ID cannot be read.
const cacheFormat = 1

const (
	cacheMagic = "playbook body cache\n"
	headerSize = len(cacheMagic) + 4 + sha256.Size + 8 + sha256.Size

	pruneAfter = 30 * 24 * time.Hour // entries not used for this long are removed
	pruneEvery = 24 * time.Hour      // how often a load looks for them
	touchAfter = 24 * time.Hour      // a used entry older than this has its time renewed

	maxEntry = 64 << 20 // an entry file larger than this is not read
)

// diskCache is the on-disk body cache of one load. A nil *diskCache caches
// nothing.
type diskCache struct {
	dir    string   // .../playbook/bodies
	prefix [32]byte // hash of the format, the renderer and the options
	broken atomic.Bool
	now    func() time.Time
}

// openDiskCache returns the body cache under the user's cache folder for a
// converter with the given options, or nil when there is no cache folder or
// it cannot be made.
func openDiskCache(unsafe bool) *diskCache {
	dir, ok := cachedir.Dir("bodies")
	if !ok {
		return nil
	}
	return openDiskCacheAt(dir, rendererID(), unsafe)
}

func openDiskCacheAt(dir, renderer string, unsafe bool) *diskCache {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	h := sha256.New()
	h.Write([]byte(cacheMagic))
	h.Write([]byte(strconv.Itoa(cacheFormat) + "\x00" + renderer + "\x00unsafe=" + boolStr(unsafe) + "\x00"))
	c := &diskCache{dir: dir, now: time.Now}
	h.Sum(c.prefix[:0])
	return c
}

// rendererID names the code that renders bodies: the goldmark and chroma
// module versions, and the build ID of the running executable (which
// changes with any change of its code). Each part is "unknown" when it
// cannot be read; cacheFormat then tells renderers apart.
var rendererID = sync.OnceValue(func() string {
	goldmark, chroma := "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Replace != nil {
				m = m.Replace
			}
			switch m.Path {
			case "github.com/yuin/goldmark":
				goldmark = m.Version + " " + m.Sum
			case "github.com/alecthomas/chroma/v2":
				chroma = m.Version + " " + m.Sum
			}
		}
	}
	return "goldmark " + goldmark + "\x00chroma " + chroma + "\x00build " + exeBuildID()
})

// buildID reads the Go build ID that the linker writes near the start of
// the executable ("\xff Go build ID: \"...\"\n \xff"), or "unknown".
func buildID() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, buf)
	buf = buf[:n]
	const mark = "\xff Go build ID: \""
	i := bytes.Index(buf, []byte(mark))
	if i < 0 {
		return "unknown"
	}
	rest := buf[i+len(mark):]
	j := bytes.IndexByte(rest, '"')
	if j <= 0 || j > 256 {
		return "unknown"
	}
	return string(rest[:j])
}

// key identifies the conversion of body, lineOffset lines into its file.
func (c *diskCache) key(body []byte, lineOffset int) [32]byte {
	h := sha256.New()
	h.Write(c.prefix[:])
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutVarint(n[:], int64(lineOffset))])
	h.Write(body)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

func (c *diskCache) path(k [32]byte) string {
	name := hex.EncodeToString(k[:])
	return filepath.Join(c.dir, name[:2], name)
}

// resolution is one answer of a link resolver.
type resolution struct {
	dest, url string
	ok        bool
}

// recorder wraps a resolver and keeps the first answer for each destination
// asked, in the order asked. It serves one Convert call (one goroutine).
type recorder struct {
	resolve markdown.Resolver
	seen    map[string]bool
	list    []resolution
}

func (r *recorder) ask(dest string) (string, bool) {
	url, ok := dest, true
	if r.resolve != nil {
		url, ok = r.resolve(dest)
	}
	if !r.seen[dest] {
		if r.seen == nil {
			r.seen = map[string]bool{}
		}
		r.seen[dest] = true
		r.list = append(r.list, resolution{dest, url, ok})
	}
	return url, ok
}

// get returns the entry for k when there is a sound one and resolve answers
// every destination it recorded as it did then.
func (c *diskCache) get(k [32]byte, resolve markdown.Resolver) (markdown.Result, bool) {
	f, err := os.Open(c.path(k))
	if err != nil {
		return markdown.Result{}, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() < int64(headerSize) || fi.Size() > maxEntry {
		return markdown.Result{}, false
	}
	data := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return markdown.Result{}, false
	}
	res, resolved, ok := decodeEntry(data, k)
	if !ok {
		return markdown.Result{}, false
	}
	for _, r := range resolved {
		url, ok := r.dest, true
		if resolve != nil {
			url, ok = resolve(r.dest)
		}
		if url != r.url || ok != r.ok {
			return markdown.Result{}, false
		}
	}
	if now := c.now(); now.Sub(fi.ModTime()) > touchAfter {
		_ = os.Chtimes(f.Name(), now, now)
	}
	return res, true
}

// put stores an entry for k. Failures are silent: after the first one the
// cache stops writing for the rest of the load.
func (c *diskCache) put(k [32]byte, res markdown.Result, resolved []resolution) {
	if c.broken.Load() {
		return
	}
	if err := cachedir.WriteFile(c.path(k), encodeEntry(k, res, resolved)); err != nil {
		c.broken.Store(true)
	}
}

// prune removes, at most once every pruneEvery, the entries not used for
// pruneAfter and the temporary files of writes that were interrupted.
func (c *diskCache) prune() {
	cachedir.Prune(c.dir, c.now(), cachedir.Pruning{Every: pruneEvery, MaxAge: pruneAfter, Shards: true, Entry: func(string) bool { return true }})
}

// encodeEntry lays out an entry file: the header, then the payload.
func encodeEntry(k [32]byte, res markdown.Result, resolved []resolution) []byte {
	var p []byte
	p = appendBytes(p, res.HTML)
	p = appendString(p, res.Title)
	p = binary.AppendUvarint(p, uint64(len(res.TOC)))
	for _, h := range res.TOC {
		p = binary.AppendVarint(p, int64(h.Level))
		p = appendString(p, h.ID)
		p = appendString(p, h.Text)
	}
	p = binary.AppendUvarint(p, uint64(len(res.Links)))
	for _, l := range res.Links {
		p = appendString(p, l.Dest)
		p = binary.AppendVarint(p, int64(l.Line))
		p = binary.AppendVarint(p, int64(l.Col))
		p = appendBool(p, l.Image)
		p = appendBool(p, l.OK)
	}
	p = binary.AppendUvarint(p, uint64(len(resolved)))
	for _, r := range resolved {
		p = appendString(p, r.dest)
		p = appendString(p, r.url)
		p = appendBool(p, r.ok)
	}
	out := make([]byte, 0, headerSize+len(p))
	out = append(out, cacheMagic...)
	out = binary.LittleEndian.AppendUint32(out, cacheFormat)
	out = append(out, k[:]...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(p)))
	sum := sha256.Sum256(p)
	out = append(out, sum[:]...)
	return append(out, p...)
}

// decodeEntry checks an entry file made for key k and reads it; ok is false
// for anything but a whole, sound entry of this format and key.
func decodeEntry(data []byte, k [32]byte) (res markdown.Result, resolved []resolution, ok bool) {
	if len(data) < headerSize || string(data[:len(cacheMagic)]) != cacheMagic {
		return res, nil, false
	}
	h := data[len(cacheMagic):]
	if binary.LittleEndian.Uint32(h) != cacheFormat || !bytes.Equal(h[4:4+32], k[:]) {
		return res, nil, false
	}
	h = h[4+32:]
	n := binary.LittleEndian.Uint64(h)
	sum := h[8 : 8+32]
	p := data[headerSize:]
	if n != uint64(len(p)) {
		return res, nil, false
	}
	if got := sha256.Sum256(p); !bytes.Equal(got[:], sum) {
		return res, nil, false
	}
	d := decoder{b: p}
	res.HTML = d.bytes()
	res.Title = d.string()
	if nt := d.count(); nt > 0 {
		res.TOC = make([]markdown.Heading, nt)
		for i := range res.TOC {
			res.TOC[i] = markdown.Heading{Level: d.int(), ID: d.string(), Text: d.string()}
		}
	}
	if nl := d.count(); nl > 0 {
		res.Links = make([]markdown.Link, nl)
		for i := range res.Links {
			res.Links[i] = markdown.Link{Dest: d.string(), Line: d.int(), Col: d.int(), Image: d.bool(), OK: d.bool()}
		}
	}
	if nr := d.count(); nr > 0 {
		resolved = make([]resolution, nr)
		for i := range resolved {
			resolved[i] = resolution{dest: d.string(), url: d.string(), ok: d.bool()}
		}
	}
	if d.bad || len(d.b) != 0 {
		return markdown.Result{}, nil, false
	}
	return res, resolved, true
}

func appendBytes(p, b []byte) []byte {
	p = binary.AppendUvarint(p, uint64(len(b)))
	return append(p, b...)
}

func appendString(p []byte, s string) []byte {
	p = binary.AppendUvarint(p, uint64(len(s)))
	return append(p, s...)
}

func appendBool(p []byte, b bool) []byte {
	if b {
		return append(p, 1)
	}
	return append(p, 0)
}

// decoder reads a payload; any malformed field sets bad and yields zeros.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad = true
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int {
	v, n := binary.Varint(d.b)
	if n <= 0 || v != int64(int(v)) {
		d.bad = true
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

// count reads a number of items, each of which takes at least one byte.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.b)) {
		d.bad = true
		d.b = nil
		return 0
	}
	return int(v)
}

func (d *decoder) bytes() []byte {
	n := d.count()
	if d.bad {
		return nil
	}
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

func (d *decoder) string() string { return string(d.bytes()) }

func (d *decoder) bool() bool {
	if len(d.b) == 0 || d.b[0] > 1 {
		d.bad = true
		d.b = nil
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

// exeBuildID is the Go build ID of the running executable, or "unknown". In
// an ELF executable (Linux) the linker writes it in the note section
// .note.go.buildid and nowhere else; elsewhere it is the string near the
// start of the file that buildID looks for.
var exeBuildID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	if id := elfBuildID(exe); id != "" {
		return id
	}
	return buildID()
})

// elfBuildID reads the Go build ID note of the ELF file exe, or "".
func elfBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil || s.Size > 4<<10 {
		return ""
	}
	data, err := s.Data()
	if err != nil || len(data) < 16 {
		return ""
	}
	// A note: name size, description size, type, the name padded to 4
	// bytes, the description.
	bo := f.ByteOrder
	namesz, descsz, typ := bo.Uint32(data), bo.Uint32(data[4:]), bo.Uint32(data[8:])
	const goBuildIDTag = 4
	if namesz != 4 || typ != goBuildIDTag || string(data[12:16]) != "Go\x00\x00" {
		return ""
	}
	desc := data[16:]
	if descsz == 0 || uint64(descsz) > uint64(len(desc)) {
		return ""
	}
	return string(desc[:descsz])
}

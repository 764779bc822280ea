#!/usr/bin/env bash
# bench/run.sh: whole-build benchmark of playbook, against Hugo when it is on
# PATH. See BENCHMARKS.md ("bench/run.sh: whole builds against Hugo").
set -euo pipefail

usage() {
	cat <<'EOF'
usage: bench/run.sh [-h] [N ...]

Builds generated playbook sites of N markdown documents each (default:
1000 10000 50000) with playbook and, when `hugo` is on PATH, with Hugo, and
prints a markdown table of the medians: wall time, CPU time (user+system),
peak resident memory and number of output files, with the playbook/hugo
ratios.

Every build starts from an empty output folder. Runs alternate between the
two tools (playbook, hugo, playbook, hugo, ...) so that noise on the machine
hits both. Progress goes to stderr; the report (machine line, table,
playbook's own summary line per N) goes to stdout.

Environment:
  RUNS=3    builds per tool and N; the table shows the median
  WORK=DIR  work folder (default: a new mktemp -d folder under /tmp)
  KEEP=1    keep what was generated in WORK (sites, outputs, timings);
            otherwise it is removed at the end

Needs go and GNU time (/usr/bin/time -v). Example:
  RUNS=1 bench/run.sh 1000 10000
EOF
}

die() {
	echo "bench/run.sh: $*" >&2
	exit 1
}

sizes=()
for arg in "$@"; do
	case "$arg" in
	-h | -help | --help)
		usage
		exit 0
		;;
	*[!0-9]* | '')
		echo "bench/run.sh: not a number of documents: $arg (-h for help)" >&2
		exit 2
		;;
	*) sizes+=("$arg") ;;
	esac
done
if [ ${#sizes[@]} -eq 0 ]; then
	sizes=(1000 10000 50000)
fi

RUNS="${RUNS:-3}"
case "$RUNS" in
'' | *[!0-9]* | 0) die "RUNS must be a positive whole number, not '$RUNS'" ;;
esac
KEEP="${KEEP:-0}"

command -v go >/dev/null 2>&1 || die "go is not on PATH"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"
/usr/bin/time -v true >/dev/null 2>&1 || die "/usr/bin/time does not take -v: it is not GNU time"
have_hugo=0
if command -v hugo >/dev/null 2>&1; then
	have_hugo=1
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

# The work folder. One made here is removed whole at the end; in a folder
# given as WORK only what this script made is removed.
own_work=0
if [ -z "${WORK:-}" ]; then
	WORK="$(mktemp -d /tmp/playbook-bench.XXXXXX)"
	own_work=1
else
	mkdir -p "$WORK"
	WORK="$(cd "$WORK" && pwd)"
fi
made=("$WORK/playbook" "$WORK/hugo-cache" "$WORK/runs.tsv" "$WORK/time.txt" "$WORK/stdout.txt" "$WORK/stderr.txt")
cleanup() {
	if [ "$KEEP" = 1 ]; then
		echo "bench/run.sh: kept $WORK" >&2
	elif [ "$own_work" = 1 ]; then
		rm -rf "$WORK"
	else
		rm -rf "${made[@]}"
	fi
}
trap cleanup EXIT

log() { echo "$*" >&2; }

# ---- the machine ----

cpu_model="$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*:[[:space:]]*//' || true)"
if [ -z "$cpu_model" ] && command -v lscpu >/dev/null 2>&1; then
	cpu_model="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)"
fi
hugo_version="none (not on PATH)"
if [ "$have_hugo" = 1 ]; then
	hugo_version="$(hugo version | head -n1)"
fi
rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	rev="$rev+uncommitted changes"
fi
machine="Machine: nproc=$(nproc), CPU: ${cpu_model:-unknown}, $(go version), hugo: $hugo_version, playbook: $rev, RUNS=$RUNS, $(date '+%Y-%m-%d %H:%M %Z')"
log "$machine"

# ---- playbook, built once ----

log "== go build -o $WORK/playbook ./cmd/playbook"
if ! go build -o "$WORK/playbook" ./cmd/playbook 2>"$WORK/stderr.txt"; then
	cat "$WORK/stderr.txt" >&2
	die "go build ./cmd/playbook failed"
fi

# ---- one timed build ----

# timed TOOL N RUN OUTDIR CMD...: runs CMD under /usr/bin/time -v after
# removing OUTDIR and flushing the page cache's dirty pages (sync), so that
# neither tool pays for writing back the other's output; stops the script
# when it fails, and appends
# "N TOOL RUN wall_s cpu_s rss_kib files" to runs.tsv.
timed() {
	local tool="$1" n="$2" run="$3" out="$4"
	shift 4
	rm -rf "$out"
	sync
	if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/stdout.txt" 2>"$WORK/stderr.txt"; then
		{
			echo "bench/run.sh: $tool build failed (N=$n, run $run): $*"
			echo "--- $tool's stderr:"
			cat "$WORK/stderr.txt"
			echo "--- $tool's stdout:"
			cat "$WORK/stdout.txt"
			grep -E '^(Command exited|Command terminated)' "$WORK/time.txt" || true
		} >&2
		exit 1
	fi
	local files
	files="$(find "$out" -type f | wc -l)"
	[ "$files" -gt 0 ] || die "$tool wrote no files into $out (N=$n, run $run)"
	awk -v n="$n" -v tool="$tool" -v run="$run" -v files="$files" -F': ' '
		/Elapsed \(wall clock\) time/ {
			k = split($NF, p, ":")
			wall = (k == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]
		}
		/User time \(seconds\)/ { user = $NF }
		/System time \(seconds\)/ { sys = $NF }
		/Maximum resident set size \(kbytes\)/ { rss = $NF }
		END {
			if (wall == "" || user == "" || rss == "") { exit 1 }
			printf "%s\t%s\t%s\t%.2f\t%.2f\t%d\t%d\n", n, tool, run, wall, user + sys, rss, files
		}' "$WORK/time.txt" >>"$WORK/runs.tsv" || die "cannot read /usr/bin/time's report in $WORK/time.txt"
	tail -n1 "$WORK/runs.tsv" | awk -F'\t' '{ printf "   %-8s N=%s run %s: wall %.2f s, cpu %.2f s, peak RSS %.0f MiB, %d files\n", $2, $1, $3, $4, $5, $6 / 1024, $7 }' >&2
}

# ---- the Hugo site ----

# hugo_site DIR SITE: a minimal Hugo site in DIR over a copy of SITE/content.
#
# Tool entries carry `url:` (the vendor's homepage) in their front matter;
# Hugo reserves `url` for the page's own URL and refuses an https:// value
# there, so the copy renames the key to `homepage:`. Checked with grep and awk
# on generated sites: the only lines starting with `url:` are front-matter
# lines of content/tools/*.md, one per tool (70 at N=1000, 700 at N=10000),
# all inside the front matter, none in a body; so a plain sed on lines
# starting with `url:` touches nothing else. The awk below checks it again on
# every run and stops the script if a body line would be changed.
#
# config.toml sets only baseURL, title and contentDir: everything else is
# Hugo's default, so taxonomies (tags, categories, with a page per term),
# RSS feeds (home, sections, taxonomies, terms) and sitemap.xml stay on.
hugo_site() {
	local dir="$1" site="$2"
	rm -rf "$dir"
	mkdir -p "$dir/layouts/_default"
	cp -R "$site/content" "$dir/content"
	local outside
	outside="$(find "$dir/content" -name '*.md' -exec awk '
		FNR == 1 { fences = 0 }
		/^---[[:space:]]*$/ { fences++; next }
		/^url:/ && fences != 1 { print FILENAME ":" FNR }
	' {} + | head -n3)"
	[ -z "$outside" ] || die "a line starting with url: outside front matter; the rename for Hugo would change a body: $outside"
	find "$dir/content" -name '*.md' -exec sed -i 's/^url:/homepage:/' {} +
	cat >"$dir/config.toml" <<'EOF'
# Written by bench/run.sh. Everything not set here is Hugo's default:
# taxonomies (tags, categories), RSS feeds and sitemap.xml are on.
baseURL = "https://playbook.example/"
title = "Contoso Social Media Security Playbook"
contentDir = "content"
EOF
	cat >"$dir/layouts/_default/baseof.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} · {{ site.Title }}</title>
</head>
<body>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
EOF
	cat >"$dir/layouts/_default/single.html" <<'EOF'
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ end }}
EOF
	cat >"$dir/layouts/_default/list.html" <<'EOF'
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
EOF
}

# ---- the runs ----

: >"$WORK/runs.tsv"
summaries=()
for n in "${sizes[@]}"; do
	site="$WORK/site-$n"
	made+=("$site" "$WORK/hugo-$n" "$WORK/out-playbook-$n" "$WORK/out-hugo-$n")
	log "== N=$n: generating $site"
	rm -rf "$site"
	if ! go run ./bench/gen/cmd/playbook-gen -n "$n" -out "$site" >"$WORK/stdout.txt" 2>"$WORK/stderr.txt"; then
		cat "$WORK/stderr.txt" >&2
		die "playbook-gen -n $n failed"
	fi
	cat "$WORK/stdout.txt" >&2
	if [ "$have_hugo" = 1 ]; then
		log "   writing the Hugo site $WORK/hugo-$n"
		hugo_site "$WORK/hugo-$n" "$site"
	fi
	for run in $(seq 1 "$RUNS"); do
		timed playbook "$n" "$run" "$WORK/out-playbook-$n" \
			"$WORK/playbook" build -source "$site" -out "$WORK/out-playbook-$n"
		if [ "$run" = 1 ]; then
			summaries+=("N=$n: $(head -n1 "$WORK/stdout.txt")")
		fi
		if [ "$have_hugo" = 1 ]; then
			timed hugo "$n" "$run" "$WORK/out-hugo-$n" \
				env HUGO_CACHEDIR="$WORK/hugo-cache" hugo --quiet -s "$WORK/hugo-$n" -d "$WORK/out-hugo-$n"
		fi
	done
done

# ---- the report ----

echo "$machine"
echo
echo "| documents | tool | wall s | CPU s (user+sys) | peak RSS MiB | output files |"
echo "|---:|---|---:|---:|---:|---:|"
awk -F'\t' -v tools="playbook hugo" '
	function median(key,    k, i, j, t, v) {
		k = cnt[key]
		for (i = 1; i <= k; i++) v[i] = val[key, i]
		for (i = 2; i <= k; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
	}
	function add(key, x) { val[key, ++cnt[key]] = x }
	function group(x,    s) {
		s = sprintf("%d", x)
		while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s)
		return s
	}
	{
		if (!($1 in seen)) { seen[$1] = 1; order[++nn] = $1 }
		add($1 SUBSEP $2 SUBSEP "wall", $4)
		add($1 SUBSEP $2 SUBSEP "cpu", $5)
		add($1 SUBSEP $2 SUBSEP "rss", $6 / 1024)
		files[$1, $2] = $7
		has[$1, $2] = 1
	}
	END {
		nt = split(tools, tool, " ")
		for (i = 1; i <= nn; i++) {
			n = order[i]
			for (t = 1; t <= nt; t++) {
				if (!has[n, tool[t]]) continue
				w[tool[t]] = median(n SUBSEP tool[t] SUBSEP "wall")
				c[tool[t]] = median(n SUBSEP tool[t] SUBSEP "cpu")
				r[tool[t]] = median(n SUBSEP tool[t] SUBSEP "rss")
				printf "| %s | %s | %.2f | %.2f | %s | %s |\n", group(n), tool[t], w[tool[t]], c[tool[t]], group(r[tool[t]] + 0.5), group(files[n, tool[t]])
			}
			if (has[n, "playbook"] && has[n, "hugo"] && w["hugo"] > 0 && r["hugo"] > 0 && c["hugo"] > 0)
				printf "| %s | **playbook ÷ hugo** | **%.2f×** | %.2f× | **%.2f×** | |\n", group(n), w["playbook"] / w["hugo"], c["playbook"] / c["hugo"], r["playbook"] / r["hugo"]
		}
	}' "$WORK/runs.tsv"
echo
echo "Medians of $RUNS run(s) per tool and size; output files counted with find -type f."
if [ "$have_hugo" = 0 ]; then
	echo "hugo is not on PATH: playbook only, no comparison."
fi
echo
echo "playbook's own summary line (first run of each size):"
echo
for s in "${summaries[@]}"; do
	echo "- $s"
done

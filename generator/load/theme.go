package load

import (
	"errors"
	"io/fs"
	"os"

	"playbook/generator/contain"
	"playbook/generator/diag"
)

// ThemeFiles walks the site's themes/ folder as a build reads it: through
// the site's containment, hidden paths left out, links followed inside the
// site folder, each folder once. It returns the slash paths of the folders
// and files walked, and a problem for every entry a build may not read (a
// link out of the site folder or into a hidden one, a pipe, a device, a
// file over limit, a link loop, folders nested more than 32 deep). A site
// without themes/ has none of either.
func ThemeFiles(root *contain.Root, limit int64) (dirs, files []string, probs diag.List) {
	seen := map[string]bool{}
	var walk func(rel string, depth int)
	walk = func(rel string, depth int) {
		fi, real, err := root.Stat(rel)
		if errors.Is(err, fs.ErrNotExist) && rel == "themes" {
			return
		}
		if msg, ok := contain.Explain(err, "a theme file"); ok {
			probs.Errorf(rel, 0, 0, "%s", msg)
			return
		}
		switch {
		case err != nil:
			probs.Errorf(rel, 0, 0, "cannot read: %v", err)
			return
		case !fi.IsDir():
			if fi.Size() > limit {
				msg, _ := contain.Explain(&contain.TooBig{Path: rel, Size: fi.Size(), Limit: limit}, "a theme file")
				probs.Errorf(rel, 0, 0, "%s", msg)
				return
			}
			files = append(files, rel)
			return
		case seen[real]:
			probs.Errorf(rel, 0, 0, "this folder is a symbolic link back to a folder already read (%s); expected links that do not loop", real)
			return
		case depth > 32:
			probs.Errorf(rel, 0, 0, "folders nested more than 32 deep; expected a theme of templates and static files")
			return
		}
		seen[real] = true
		dirs = append(dirs, rel)
		entries, err := os.ReadDir(real)
		if err != nil {
			probs.Errorf(rel, 0, 0, "cannot read: %v", err)
			return
		}
		for _, e := range entries {
			if r := rel + "/" + e.Name(); !root.Hidden(r) {
				walk(r, depth+1)
			}
		}
	}
	walk("themes", 0)
	return dirs, files, probs
}

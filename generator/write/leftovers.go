package write

import "path/filepath"

// CleanLeftovers removes what a killed build left beside the output folder
// out, as Begin does: for a build that keeps the output folder as it is and
// so does not call Begin. The caller holds the lock of out.
func CleanLeftovers(out string) {
	out = filepath.Clean(out)
	cleanLeftovers(filepath.Dir(out), filepath.Base(out))
}

//go:build !unix

package write

import "os"

// tryLock is not available here: builds into one folder are not kept apart.
func tryLock(*os.File) (bool, error) { return false, nil }

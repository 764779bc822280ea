package load

import (
	"os"
	"testing"

	"playbook/internal/testsite"
)

// TestMain keeps the body cache on disk in a temporary folder.
func TestMain(m *testing.M) { os.Exit(testsite.RunWithTempCache(m)) }

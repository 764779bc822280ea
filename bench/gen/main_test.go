package gen_test

import (
	"os"
	"testing"

	"playbook/internal/testsite"
)

// TestMain keeps the body cache on disk in a temporary folder, and with
// -short the temporary folders in memory.
func TestMain(m *testing.M) { os.Exit(testsite.RunWithTempCache(m)) }

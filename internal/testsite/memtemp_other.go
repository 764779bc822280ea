//go:build !linux

package testsite

// memoryTempBase returns "": only Linux's /dev/shm is known to be in
// memory.
func memoryTempBase() string { return "" }

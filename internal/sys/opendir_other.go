//go:build !unix

package sys

import "os"

// OpenDir opens the directory at path for reading.
func OpenDir(path string) (*os.File, error) { return os.Open(path) }

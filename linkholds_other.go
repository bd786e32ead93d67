//go:build !unix && !windows

package symlink

import "os"

// linkHolds reports whether name is a symbolic link holding content.
func linkHolds(name, content string) (bool, error) {
	old, err := os.Readlink(name)
	return err == nil && old == content, err
}

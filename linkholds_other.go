//go:build !unix && !windows

package symlink

import "os"

// linkHolds reports whether name is a symbolic link holding content.
func linkHolds(name, content string) (bool, error) {
	old, err := os.Readlink(name)
	return err == nil && old == content, err
}

// linkHoldsIn is linkHolds of name in dir (the working directory when dir
// is nil).
func linkHoldsIn(dir *os.File, name, content string) (bool, error) {
	if dir != nil {
		name = joinPath(dir.Name(), name)
	}
	return linkHolds(name, content)
}

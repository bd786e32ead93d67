//go:build !unix

package symlink

import "os"

// linkHolds reports whether name is a link holding content, as the system
// stores it (see sameContent), by the os package: these systems have no
// readlinkat(2) to call without allocating.
func linkHolds(name, content string) (bool, error) {
	old, err := os.Readlink(name)
	return err == nil && sameContent(old, content), err
}

// linkHoldsIn is linkHolds of name in dir (the working directory when dir
// is nil).
func linkHoldsIn(dir *os.File, name, content string) (bool, error) {
	if dir != nil {
		name = joinPath(dir.Name(), name)
	}
	return linkHolds(name, content)
}

package symlink

import "os"

// linkHolds reports whether name is a link holding content as Windows stores
// it (see sameContent).
func linkHolds(name, content string) (bool, error) {
	old, err := os.Readlink(name)
	return err == nil && sameContent(old, content), err
}

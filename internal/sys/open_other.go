//go:build !windows

package sys

import "os"

// OpenShared is os.OpenFile: a file open here never stops another from
// removing it, or renaming over it.
func OpenShared(path string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag, perm)
}

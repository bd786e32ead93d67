//go:build darwin || freebsd || dragonfly || openbsd || netbsd

package sys

import (
	"bytes"
)

// FSType names the file system dir is on ("msdos", "exfat", "smbfs", …), for
// error messages; "" if unknown.
func FSType(dir string) string {
	name, err := fsTypeName(dir)
	if err != nil {
		return ""
	}
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	return string(name)
}

//go:build !windows

package symlink

import "io/fs"

// isLink reports whether fi, from Lstat, describes a symbolic link.
func isLink(fi fs.FileInfo) bool { return fi.Mode()&fs.ModeSymlink != 0 }

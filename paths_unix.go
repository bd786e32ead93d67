//go:build unix

package symlink

import "github.com/symlinkgo/symlink/internal/sys"

// pathMax is the longest path, in bytes with its NUL, that a system call
// takes.
const pathMax = sys.PathMax

//go:build unix

package symlink

import "github.com/symlinkgo/symlink/internal/sys"

// renameOver puts the link at tmp in place of dst in one step: rename(2)
// replaces any non-directory atomically. It calls rename(2) alone (see
// sys.Rename): one system call per replace.
func renameOver(tmp, dst string) error { return sys.Rename(tmp, dst) }

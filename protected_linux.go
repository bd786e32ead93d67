package symlink

import (
	"io/fs"
	"os"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// protectedHardlinks reports whether Linux's fs.protected_hardlinks is on.
var protectedHardlinks = sync.OnceValue(func() bool {
	b, err := os.ReadFile("/proc/sys/fs/protected_hardlinks")
	return err == nil && strings.TrimSpace(string(b)) == "1"
})

// hardLinkRefused reports whether Linux will refuse this process a hard
// link to the file fi describes by the rule of fs.protected_hardlinks: a
// file of another user may be linked only when it is a regular file,
// neither set-user-ID nor executable set-group-ID, that this process may
// read and write, which readWrite (asked only then) answers for mode
// unix.R_OK|unix.W_OK.
func hardLinkRefused(fi fs.FileInfo, readWrite func(mode uint32) error) bool {
	uid := os.Geteuid()
	if uid == 0 || owner(fi) == uid || !protectedHardlinks() {
		return false
	}
	m := fi.Mode()
	if !m.IsRegular() || m&fs.ModeSetuid != 0 || m&fs.ModeSetgid != 0 && m&0o010 != 0 {
		return true
	}
	return readWrite(unix.R_OK|unix.W_OK) != nil
}

//go:build unix && !linux

package symlink

import "io/fs"

// hardLinkRefused is false: only Linux refuses hard links for the sake of
// the file's owner (fs.protected_hardlinks).
func hardLinkRefused(fs.FileInfo, func(uint32) error) bool { return false }

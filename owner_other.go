//go:build !unix

package symlink

import (
	"io/fs"
	"os"
)

// canKeepBackup is nil: no sticky directories here.
func (c *call) canKeepBackup() error { return nil }

// stickyBlocks is nil: no sticky directories here.
func (c *call) stickyBlocks(...string) error { return nil }

// writableDir is nil: whether a directory may be written is known here only
// by writing to it.
func writableDir(*os.File, string) error { return nil }

// linkCount is 1: the count is not at hand here, and 1 keeps a file that
// src names from being replaced by a link to itself.
func linkCount(fs.FileInfo) uint64 { return 1 }

// fileKey is not known here: os.SameFile compares files instead.
func fileKey(fs.FileInfo) (key [2]uint64, ok bool) { return key, false }

// keepOwner does nothing: a new file here belongs to whoever makes it.
func keepOwner(*os.File, fs.FileInfo) {}

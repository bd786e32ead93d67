//go:build !unix

package sys

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Rmdir removes the empty directory name in dir (the working directory
// when dir is nil), and nothing else: a link (on Windows a directory link
// or a junction, which removing the directory would remove), or a file,
// put where the directory was is ENOTDIR. The check is made by path just
// before the removal.
func Rmdir(dir *os.File, name string) error {
	path := name
	if dir != nil {
		path = filepath.Join(dir.Name(), name)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if fi.Mode().Type() != fs.ModeDir {
		return &fs.PathError{Op: "rmdir", Path: path, Err: syscall.ENOTDIR}
	}
	return os.Remove(path)
}

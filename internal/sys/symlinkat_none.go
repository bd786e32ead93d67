//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd

package sys

import (
	"errors"
	"os"
)

// HasSymlinkat is whether Symlinkat works by descriptor on this system:
// golang.org/x/sys offers no symlinkat(2) here, or the system has none.
const HasSymlinkat = false

// Symlinkat is not offered here: see HasSymlinkat.
func Symlinkat(content string, dir *os.File, name string) error { return errors.ErrUnsupported }

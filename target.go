package symlink

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// targetPath is where the link will point, as a path usable from here.
func (c *call) targetPath() string {
	if c.target == "" {
		c.target = targetFrom(c.src, c.dir())
	}
	return c.target
}

// statTarget describes the target, following links: through the root with
// WithinRoot, so that no link leads the look outside it.
func (c *call) statTarget() (fs.FileInfo, error) {
	if c.in != nil {
		return c.in.root.Stat(c.in.target)
	}
	return os.Stat(c.targetPath())
}

// targetFrom is where a link in dir holding src points.
func targetFrom(src, dir string) string {
	if filepath.IsAbs(src) {
		return src
	}
	if filepath.VolumeName(src) != "" {
		// Windows `C:x`: from drive C's current directory, which is how
		// CreateSymbolicLinkW makes it absolute when it stores the link.
		if abs, err := filepath.Abs(src); err == nil {
			return abs
		}
	}
	if filepath.VolumeName(src) == "" && os.IsPathSeparator(src[0]) {
		// Windows `\x`: rooted on the volume the link lives on.
		abs, err := filepath.Abs(dir)
		if err == nil {
			return filepath.VolumeName(abs) + src
		}
	}
	return joinPath(dir, src)
}

// checkTarget applies WithTargetMustExist and an explicit Kind.
func (c *call) checkTarget() error {
	if !c.mustExist && c.kind == KindAuto {
		return nil
	}
	if c.kind == KindFile && endsInSeparator(c.src) {
		return &reason{msg: "a file link cannot end in a separator", kind: ErrInvalid}
	}
	fi, err := c.statTarget()
	switch {
	case errors.Is(err, fs.ErrNotExist) && c.mustExist:
		return &reason{msg: "target " + quote(c.target) + " does not exist", kind: ErrNotExist, cause: osCause(err)}
	case err != nil && c.mustExist:
		// EACCES, ELOOP, ENOTDIR: what the system said, not "missing".
		err = osCause(err)
		return &reason{msg: "target " + quote(c.target) + ": " + err.Error(), kind: errnoKind(err), cause: err}
	case err != nil:
		return nil // a missing target may be of either kind
	case c.kind == KindFile && fi.IsDir():
		return &reason{msg: "target of a file link is a directory", kind: ErrIsDir}
	case c.kind == KindDir && !fi.IsDir():
		return &reason{msg: "target of a directory link is not a directory", kind: ErrNotDir}
	}
	return nil
}

// linkKind is the kind of link to make: the one asked for, or on KindAuto
// what the target looks like. Only Windows records a kind in a link.
//
//lint:ignore U1000 used by the Windows backend
func (c *call) linkKind() Kind {
	if c.kind != KindAuto {
		return c.kind
	}
	if endsInSeparator(c.src) {
		return KindDir
	}
	if fi, err := c.statTarget(); err == nil && fi.IsDir() {
		return KindDir
	}
	return KindFile
}

//go:build !unix && !windows

package symlink

func errnoKind(error) error { return nil }

// errLoop is the error for a path with more links than the kernel would
// follow.
var errLoop error = &reason{msg: "too many levels of symbolic links"}

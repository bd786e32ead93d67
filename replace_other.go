//go:build !unix && !windows

package symlink

func renameOver(string, string) error { return errNoLinks }

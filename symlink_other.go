//go:build !unix && !windows

package symlink

// errNoLinks is the cause of every failure here.
var errNoLinks = &reason{
	msg:  "this system has no symbolic links; run the program on Linux, macOS, a BSD or Windows",
	kind: ErrUnsupported,
}

func (c *call) makeLink(string) error { return errNoLinks }

func (c *call) explainAt(err error, _ string) error { return err }

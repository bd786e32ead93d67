//go:build !unix && !windows

package symlink

import "os"

func (c *call) removeLinkAt(*os.File) error { return errNoLinks }

//go:build !unix && !windows

package symlink

import "os"

func readLinkAt(*os.File, string) (Link, error) { return Link{}, errNoLinks }

//go:build unix

package symlink

import "github.com/symlinkgo/symlink/internal/sys"

// makeLink makes path a link holding c.content: one symlinkat(2), as
// os.Symlink, without its *LinkError.
func (c *call) makeLink(path string) error {
	return c.explain(sys.Symlink(c.content, path), path)
}

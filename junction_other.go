//go:build !windows

package symlink

// holdsJunction is false: only Windows has junctions.
func (c *call) holdsJunction(string) bool { return false }

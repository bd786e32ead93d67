//go:build !unix

package symlink

// pathMax is 0: paths have no length limit here that a call must plan for
// (Go's os package lengthens long Windows paths with \\?\ itself).
const pathMax = 0

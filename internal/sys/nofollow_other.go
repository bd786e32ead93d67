//go:build !unix

package sys

// NoFollow is 0 where the open has no such flag: the callers check the
// path with Lstat first.
const NoFollow = 0

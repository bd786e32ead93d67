//go:build !unix

package sys

// NoFollow is 0 where the open has no such flag: the callers check the
// path with Lstat first.
const NoFollow = 0

// NonBlock is 0 where the open has no such flag.
const NonBlock = 0

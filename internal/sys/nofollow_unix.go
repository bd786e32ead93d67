//go:build unix

package sys

import "syscall"

// NoFollow, added to the flags of OpenShared, makes the open fail when the
// path's last element is a symbolic link, instead of opening (or creating)
// what the link names.
const NoFollow = syscall.O_NOFOLLOW

//go:build unix

package sys

import "syscall"

// NoFollow, added to the flags of OpenShared, makes the open fail when the
// path's last element is a symbolic link, instead of opening (or creating)
// what the link names.
const NoFollow = syscall.O_NOFOLLOW

// NonBlock, added to the flags of OpenShared, keeps the open from waiting
// for a writer when the path is a FIFO (it is then refused, as no regular
// file); a regular file ignores it.
const NonBlock = syscall.O_NONBLOCK

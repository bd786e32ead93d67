package symlink

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
)

// Error is the only error type [Create], [Check], [Read], [Remove] and
// [Reconcile] return.
// It names the step that failed and both paths, and wraps the cause.
//
// Op is one of:
//   - "symlink": checking the arguments and the target, or making the link;
//   - "replace": reading, or renaming over, the link already at Dst;
//   - "backup": keeping what Dst was (see [WithBackup]);
//   - "mkdir": making Dst's missing parents (see [WithParents]);
//   - "sync": opening Dst's directory for the flush, before any change, or
//     flushing it after the change, when the link exists but whether it
//     would survive a crash is unknown (see [WithSync]);
//   - "check": probing a directory (see [Check]);
//   - "read": reading the link at Dst (see [Read]; Src is empty);
//   - "remove": checking, or removing, the link at Dst (see [Remove]);
//   - "undo": putting Dst back after a [Batch.Apply] failed, or in [Recover];
//   - "journal": using the journal at Dst (see [Batch.SetJournal]);
//   - "ledger": reading, locking or writing the ledger at Dst (see
//     [Reconcile]).
//
// After a removal, a failure to flush Dst's directory is Op "sync": the link
// is gone, and only whether that survives a crash is unknown.
//
// Ask errors.Is for meaning, not for error codes: an *Error answers true for
// the sentinel that fits its cause ([ErrExist], [ErrPermission], …), for the
// standard error that sentinel stands for (fs.ErrExist, fs.ErrPermission,
// errors.ErrUnsupported, …), and for Err itself. errors.As reaches the
// operating system's error (a syscall.Errno) whenever there is one.
type Error struct {
	Op  string // the step that failed
	Src string // the link content that was asked for
	Dst string // the link path
	Err error  // the cause
}

// Error returns one line: `symlink "dst" -> "src": file exists`.
func (e *Error) Error() string {
	s := e.Op + " " + quote(e.Dst)
	if e.Src != "" {
		s += " -> " + quote(e.Src)
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether the operating system error in Err means target: an
// EEXIST is [ErrExist], an EACCES is [ErrPermission], and so on. Causes the
// package found itself answer through Err's own Is.
func (e *Error) Is(target error) bool {
	k := errnoKind(e.Err)
	return k != nil && (k == target || errors.Is(k, target))
}

// The sentinels. Each *Error answers errors.Is for at most one of them (and
// for those it implies), so a switch over them reads like an except clause,
// with one exception: a directory where the link should go is both
// [ErrExist] (the path is taken) and [ErrIsDir]; a switch that tells them
// apart tests ErrIsDir first.
var (
	// ErrExist: Dst already exists (and WithReplace was not given), or is a
	// directory that WithReplace will not replace. Also fs.ErrExist.
	ErrExist error = newSentinel("file exists", fs.ErrExist)
	// ErrNotExist: a parent of Dst, or a target that must exist, is missing.
	// Also fs.ErrNotExist.
	ErrNotExist error = newSentinel("file does not exist", fs.ErrNotExist)
	// ErrPermission: the process may not write where the link goes (EACCES,
	// EPERM, a read-only file system). Also fs.ErrPermission.
	ErrPermission error = newSentinel("permission denied", fs.ErrPermission)
	// ErrPrivilege: the process lacks the privilege to create symbolic links
	// at all (Windows without Developer Mode or elevation). Also ErrPermission
	// and fs.ErrPermission.
	ErrPrivilege error = newSentinel("symbolic link privilege not held", ErrPermission)
	// ErrUnsupported: the system or the file system cannot hold symbolic
	// links (FAT, exFAT, SMB shares, js/wasm, plan9). Also
	// errors.ErrUnsupported, but never fs.ErrPermission.
	ErrUnsupported error = newSentinel("symbolic links are not supported", errors.ErrUnsupported)
	// ErrIsDir: Dst is a directory where a link or a file was expected, or
	// the target of a KindFile link is a directory.
	ErrIsDir error = newSentinel("is a directory")
	// ErrNotDir: a component of a path is not a directory, or the target of
	// a KindDir link is not a directory.
	ErrNotDir error = newSentinel("not a directory")
	// ErrEscapesRoot: the link, or where it points, would leave the root
	// given to WithinRoot.
	ErrEscapesRoot error = newSentinel("path escapes from root")
	// ErrNotLink: the path is not the link asked for: not a symbolic link
	// (or Windows junction) at all, or, for [Remove], a link holding other
	// content. Nothing was changed.
	ErrNotLink error = newSentinel("not the link asked for")
	// ErrInvalid: an argument is malformed (empty, holds a NUL byte, Dst ends
	// in a separator, an unknown Kind, a name too long for the file system).
	// Also fs.ErrInvalid.
	ErrInvalid error = newSentinel("invalid argument", fs.ErrInvalid)
	// ErrBusy: the journal of a [Batch] (see [Batch.SetJournal]) is in use
	// by another Apply or [Recover]. Nothing was changed.
	ErrBusy error = newSentinel("journal in use")
)

// sentinel is an error value that also stands for the errors in implies.
type sentinel struct {
	msg     string
	implies []error
}

func newSentinel(msg string, implies ...error) *sentinel {
	return &sentinel{msg: msg, implies: implies}
}

func (s *sentinel) Error() string { return s.msg }

func (s *sentinel) Is(target error) bool {
	for _, e := range s.implies {
		if e == target || errors.Is(e, target) {
			return true
		}
	}
	return false
}

// dirAtDst is what a directory found where the link should go means: that
// path is taken (ErrExist) and by a directory (ErrIsDir).
var dirAtDst = newSentinel("is a directory", ErrIsDir, ErrExist)

// reason is a cause the package established itself. It is the sentinels in
// kind, and it lets errors.As, but not errors.Is, reach the operating
// system's error in cause: an EPERM that means "this file system has no
// links" must not answer fs.ErrPermission.
type reason struct {
	msg   string
	kind  error
	cause error // may be nil
}

func (r *reason) Error() string { return r.msg }

func (r *reason) Is(target error) bool { return r.kind == target || errors.Is(r.kind, target) }

func (r *reason) As(target any) bool { return r.cause != nil && errors.As(r.cause, target) }

// osCause strips the *PathError, *LinkError or *SyscallError the os package
// puts around an operating system error: *Error already names the paths.
func osCause(err error) error {
	for {
		switch e := err.(type) {
		case *fs.PathError:
			err = e.Err
		case *os.LinkError:
			err = e.Err
		case *os.SyscallError:
			err = e.Err
		default:
			return err
		}
	}
}

// kindOf is the sentinel err stands for: a reason's kind, or what an
// operating system error means (nil if nothing).
func kindOf(err error) error {
	if r, ok := err.(*reason); ok {
		return r.kind
	}
	return errnoKind(err)
}

// restate is err, the os package's wrapper taken off, under the message msg
// makes of err's text: it answers errors.Is as err does, and errors.As
// reaches err. It is the one way the package says more about an error.
func restate(err error, msg func(text string) string) *reason {
	err = osCause(err)
	return &reason{msg: msg(err.Error()), kind: kindOf(err), cause: err}
}

func quote(s string) string { return strconv.Quote(s) }

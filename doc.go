// Package symlink creates symbolic links correctly on every system, with
// errors a program can act on.
//
// [Create] takes its arguments in the order of os.Symlink and "ln -s": the
// link's content first, then the link's path.
//
//	err := symlink.Create("releases/42", "current", symlink.WithReplace())
//
// Without options Create behaves like os.Symlink: the content is stored as
// given (a relative one is followed from the link's directory), a dangling
// link is allowed, and anything already at the link's path is an error, so
// a plain Create works as an atomic lock. Options add what programs keep
// writing by hand:
//
//   - [WithReplace]: replace a link or file atomically; readers never see
//     the path missing, and a link that is already right is not touched.
//   - [WithBackup]: keep what was there, still without a missing moment.
//   - [WithRelative]: store the path from the link to the target, as "ln -sr".
//   - [WithParents]: create missing parent directories, as "mkdir -p"
//     (and remove them again if the link cannot be made).
//   - [WithTargetMustExist]: refuse to make a dangling link.
//   - [WithKind]: file or directory link (Windows records the difference).
//   - [WithSync]: flush the directory so the link survives a crash.
//   - [WithJunctionFallback]: on Windows without link privilege, make a
//     directory junction instead.
//   - [WithinRoot]: keep the link, and where it points, inside a folder:
//     for links from untrusted names, such as the entries of an archive.
//   - [WithResult]: learn what Create did: created, replaced, unchanged.
//   - [WithDryRun]: every check, and the Result, without writing anything.
//
// Options combine freely; [WithBackup] implies [WithReplace].
//
// # Many links
//
// A [Batch] makes many links as one change: [Batch.Plan] reports every
// conflict at once, and [Batch.Apply] makes the links in parallel and, if
// one fails, undoes every change it made. With [Batch.SetJournal] a process
// killed in the middle is undone too, by [Recover] or the next Apply.
//
// # Reading and removing
//
// [Read] returns what a link holds, Windows junctions included. [Remove]
// undoes a Create: it removes dst only while dst is a link holding what
// Create with the same arguments would have written, and never a file or a
// directory, so an uninstaller takes away its own links and leaves those a
// user has changed since.
//
// # Errors
//
// Every error is an [*Error] naming the step, the link's path and content,
// and the cause. Ask errors.Is for what happened, as Python programs catch
// FileExistsError or PermissionError:
//
//	switch {
//	case errors.Is(err, symlink.ErrExist):       // also fs.ErrExist
//	case errors.Is(err, symlink.ErrPrivilege):   // Windows: enable Developer Mode
//	case errors.Is(err, symlink.ErrPermission):  // also fs.ErrPermission
//	case errors.Is(err, symlink.ErrUnsupported): // FAT, exFAT, SMB; also errors.ErrUnsupported
//	}
//
// Bad arguments (an empty path, a NUL byte, a link path ending in a
// separator, an unknown [Kind]) fail with [ErrInvalid] before any system
// call, so nothing on disk changes.
//
// # Windows
//
// Windows makes symbolic links only for processes that hold a privilege:
// elevated ones, or any process once Developer Mode is on. Without it Create
// fails with [ErrPrivilege], whose message says what to do. A link there is
// either a file or a directory link; see [Kind]. A directory link cannot be
// renamed over another one, so [WithReplace] of a directory link moves the
// old link aside first: for that moment the path is missing. A file link is
// replaced, and any link removed, with POSIX semantics where Windows (10
// 1607 and later) and the file system have them, so that a link another
// program has open, or a read-only one, is replaced or removed as on Unix.
// Junctions ([WithJunctionFallback]) point only to local drives. A [Batch]
// keeps a directory link it replaces, which Windows will not hard-link, as
// a copy of the link for its undo. A link content that starts with `\` is
// rooted on its drive, not relative.
//
// # Other systems
//
// On systems without symbolic links (js/wasm, wasip1, plan9) every call fails
// with [ErrUnsupported].
package symlink

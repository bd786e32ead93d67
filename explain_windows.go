package symlink

import (
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

// explain turns a failure of CreateSymbolicLinkW whose meaning depends on the
// process or the volume into a reason that says what to do, keeping the
// error code for errors.As. Other errors are returned as they are.
func (c *call) explain(err error, path string, dir bool) error {
	switch err {
	case windows.ERROR_PRIVILEGE_NOT_HELD:
		return &reason{msg: errText(err) + ": " + privilegeAdvice(dir), kind: ErrPrivilege, cause: err}
	case windows.ERROR_INVALID_FUNCTION, windows.ERROR_NOT_SUPPORTED, windows.ERROR_SYMLINK_NOT_SUPPORTED:
		// FAT and exFAT answer ERROR_INVALID_FUNCTION, other file systems
		// without reparse points one of the others.
		root, fsName, _ := win.volume(filepath.Dir(path))
		return &reason{
			msg:   errText(err) + ": " + volumeName(root, fsName) + " cannot hold symbolic links; create the link on an NTFS or ReFS volume",
			kind:  ErrUnsupported,
			cause: err,
		}
	case windows.ERROR_NOT_A_REPARSE_POINT:
		// An SMB server whose file system or settings refuse links.
		if root, _, remote := win.volume(filepath.Dir(path)); remote {
			return &reason{
				msg:   errText(err) + ": the network share " + root + " does not take symbolic links; create the link on a local NTFS volume, or allow links on the server",
				kind:  ErrUnsupported,
				cause: err,
			}
		}
	}
	return err
}

// privilegeAdvice says why a process lacks the privilege to make links and
// what to do, from the Developer Mode setting; dir offers the junction a
// directory link can fall back to.
func privilegeAdvice(dir bool) string {
	const turnOn = "turn on Developer Mode (Settings, System, For developers) or run the program as administrator"
	var s string
	switch on, known := win.developerMode(); {
	case !known:
		s = "making symbolic links needs Developer Mode or an elevated process: " + turnOn
	case on:
		s = "Developer Mode is on but does not grant it here (Windows before 10 version 1703, or a policy forbids links): run the program as administrator"
	default:
		s = "Developer Mode is off: " + turnOn
	}
	if dir {
		s += ", or let a directory link fall back to a junction (WithJunctionFallback)"
	}
	return s
}

// volumeName names a volume in a message: "the exFAT file system of E:\".
func volumeName(root, fsName string) string {
	s := "this file system"
	if fsName != "" {
		s = "the " + fsName + " file system"
	}
	if root != "" {
		s += " of " + root
	}
	return s
}

// junctionFailed is the error of a directory link that lacked the privilege
// and whose junction could not be made either: it means what the junction's
// error means.
func junctionFailed(err error) error {
	return restate(err, func(text string) string {
		return "symbolic link privilege not held, and no junction either: " + strings.TrimSuffix(text, ".")
	})
}

// errText is an error's message without the full stop Windows ends its
// messages with, so that more can follow it on the line.
func errText(err error) string { return strings.TrimSuffix(err.Error(), ".") }

// explainAt is explain for a link made in the directory opened (c.at), as
// WithinRoot makes it.
func (c *call) explainAt(err error, path string) error {
	if err == nil {
		return nil
	}
	return c.explain(err, path, c.linkKind() == KindDir)
}

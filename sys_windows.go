package symlink

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// system is every Windows call the package makes to create, inspect or move
// links. The tests swap in a fake to drive the error sequences a real
// Windows produces only on particular versions, volumes or settings (an old
// build, FAT, an SMB share, Developer Mode off), none of which Wine can show.
// Paths are given as the caller has them; the real calls make long ones
// usable themselves.
type system struct {
	// symlink is CreateSymbolicLinkW.
	symlink func(link, content string, flags uint32) error
	// remove removes a name (a file, a link of either kind or an empty
	// directory).
	remove func(path string) error
	// junction makes path a junction holding data, a mount point's
	// REPARSE_DATA_BUFFER (see createJunction).
	junction func(path string, data []byte) error
	// attributes is GetFileAttributesW, which describes a link, not its
	// target, and for a reparse point its tag: only the tag tells a link or
	// a junction from a cloud placeholder or a deduplicated file.
	attributes func(path string) (attrs, tag uint32, err error)
	// rename is MoveFileExW.
	rename func(from, to string, flags uint32) error
	// renameReplace renames from over to with POSIX semantics and flags
	// besides (FILE_RENAME_IGNORE_READONLY_ATTRIBUTE): it replaces to even
	// while another process has it open.
	renameReplace func(from, to string, flags uint32) error
	// build is the Windows build number.
	build func() uint32
	// volume describes the volume holding dir: its root, its file system's
	// name ("NTFS", "exFAT", …) and whether it is a network share. Any part
	// it cannot find is left zero.
	volume func(dir string) (root, fsName string, remote bool)
	// developerMode reads whether Developer Mode is on; known is false when
	// the setting cannot be read.
	developerMode func() (on, known bool)
	// hardLink is CreateHardLinkW: name becomes a hard link of old.
	hardLink func(old, name string) error
	// disposeEx marks the entry a handle has open for deletion with POSIX
	// semantics (FILE_DISPOSITION_INFO_EX; see deleteOpened).
	disposeEx func(h windows.Handle) error
}

// win is the system the package uses; set in init, as its calls use it.
var win system

func init() { win = realSystem() }

// realSystem is the system of Windows itself.
func realSystem() system {
	return system{
		symlink:       createSymbolicLink,
		remove:        os.Remove,
		junction:      createJunction,
		attributes:    fileAttributes,
		rename:        moveFile,
		renameReplace: renamePOSIX,
		build:         sync.OnceValue(func() uint32 { return windows.RtlGetVersion().BuildNumber }),
		volume:        volumeOf,
		developerMode: developerModeOn,
		disposeEx:     disposeEx,
		hardLink:      createHardLink,
	}
}

func createSymbolicLink(link, content string, flags uint32) error {
	l, err := windows.UTF16PtrFromString(longPath(link))
	if err != nil {
		return err
	}
	// The content is stored as given: a long-path prefix would change what
	// the link says and what Readlink gives back.
	t, err := windows.UTF16PtrFromString(content)
	if err != nil {
		return err
	}
	return windows.CreateSymbolicLink(l, t, flags)
}

func createHardLink(old, name string) error {
	o, n, err := pathPair(old, name)
	if err != nil {
		return err
	}
	return windows.CreateHardLink(n, o, 0)
}

// createJunction makes path a junction holding data: a new directory (an
// entry already there, even an empty directory, is ERROR_ALREADY_EXISTS and
// stays as it is) with data set as its reparse point. Every step goes
// through the one handle that made the directory, so no entry another
// program puts at path meanwhile is changed: the reparse point is set on
// it, read back through it (some systems answer success and set nothing),
// and, should a step fail, the directory is deleted through it.
func createJunction(path string, data []byte) error {
	h, err := createDirectory(path)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	var n uint32
	err = windows.DeviceIoControl(h, windows.FSCTL_SET_REPARSE_POINT, &data[0], uint32(len(data)), nil, 0, &n, nil)
	if err == nil {
		var info struct{ attrs, tag uint32 } // FILE_ATTRIBUTE_TAG_INFO
		err = windows.GetFileInformationByHandleEx(h, windows.FileAttributeTagInfo, (*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
		if err == nil && (info.attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT == 0 || info.tag != windows.IO_REPARSE_TAG_MOUNT_POINT) {
			err = errNoLink
		}
	}
	if err != nil {
		// Made for the junction only, and still empty. Should deleting it
		// fail, the error that matters is the one above.
		deleteOpened(h)
		return err
	}
	return nil
}

// fileAddSubdirectory is the right to make a directory in a directory
// (FILE_ADD_SUBDIRECTORY, the bit of FILE_APPEND_DATA).
const fileAddSubdirectory = windows.FILE_APPEND_DATA

// createDirectory makes the directory path, which must not exist yet, and
// returns a handle to it with the rights to set its reparse point and to
// delete it: NtCreateFile with FILE_CREATE, relative to the parent
// directory opened first, as CreateDirectoryW cannot give a handle.
func createDirectory(path string) (windows.Handle, error) {
	dir, name := parentDir(path), path[lastSep(path)+1:]
	p, err := windows.UTF16PtrFromString(longPath(dir))
	if err != nil {
		return 0, err
	}
	parent, err := windows.CreateFile(p, windows.FILE_TRAVERSE|fileAddSubdirectory|windows.SYNCHRONIZE, shareAll, nil,
		windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		return 0, err
	}
	defer windows.CloseHandle(parent)
	n, err := windows.NewNTUnicodeString(name)
	if err != nil {
		return 0, err
	}
	oa := windows.OBJECT_ATTRIBUTES{RootDirectory: parent, ObjectName: n, Attributes: windows.OBJ_CASE_INSENSITIVE}
	oa.Length = uint32(unsafe.Sizeof(oa))
	var (
		h    windows.Handle
		iosb windows.IO_STATUS_BLOCK
	)
	err = windows.NtCreateFile(&h, windows.GENERIC_WRITE|windows.FILE_READ_ATTRIBUTES|windows.DELETE|windows.SYNCHRONIZE, &oa, &iosb,
		nil, windows.FILE_ATTRIBUTE_DIRECTORY, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, windows.FILE_CREATE,
		windows.FILE_DIRECTORY_FILE|windows.FILE_OPEN_REPARSE_POINT|windows.FILE_OPEN_FOR_BACKUP_INTENT|windows.FILE_SYNCHRONOUS_IO_NONALERT, 0, 0)
	if st, ok := err.(windows.NTStatus); ok {
		return 0, st.Errno()
	}
	return h, err
}

func fileAttributes(path string) (attrs, tag uint32, err error) {
	p, err := windows.UTF16PtrFromString(longPath(path))
	if err != nil {
		return 0, 0, err
	}
	if attrs, err = windows.GetFileAttributes(p); err != nil || attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT == 0 {
		return attrs, 0, err
	}
	// The tag needs a handle to the entry itself, opened for no access so
	// that no sharing mode can refuse it, as os.Lstat opens one.
	h, err := windows.CreateFile(p, 0, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return attrs, 0, err
	}
	defer windows.CloseHandle(h)
	var info struct{ attrs, tag uint32 } // FILE_ATTRIBUTE_TAG_INFO
	err = windows.GetFileInformationByHandleEx(h, windows.FileAttributeTagInfo, (*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
	if err != nil {
		return attrs, 0, err
	}
	return info.attrs, info.tag, nil
}

func moveFile(from, to string, flags uint32) error {
	f, t, err := pathPair(from, to)
	if err != nil {
		return err
	}
	return windows.MoveFileEx(f, t, flags)
}

// renamePOSIX is SetFileInformationByHandle(FileRenameInfoEx) with
// FILE_RENAME_FLAG_REPLACE_IF_EXISTS and FILE_RENAME_FLAG_POSIX_SEMANTICS,
// the call Rust's std::fs::rename makes when MoveFileExW answers
// ERROR_ACCESS_DENIED: the old entry is unlinked as on Unix, so handles open
// on it (a reader's, os.Lstat's) do not make the rename fail, as they make
// MoveFileExW fail. Windows before 10 version 1607 and file systems without
// POSIX semantics (FAT) refuse the class.
func renamePOSIX(from, to string, flags uint32) error {
	abs, err := filepath.Abs(to) // no root directory handle is given
	if err != nil {
		return err
	}
	name, err := windows.UTF16FromString(longPath(abs))
	if err != nil {
		return err
	}
	f, err := windows.UTF16PtrFromString(longPath(from))
	if err != nil {
		return err
	}
	h, err := windows.CreateFile(f, windows.DELETE, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	// FILE_RENAME_INFO: the flags (a union with ReplaceIfExists), a root
	// directory handle (none), the name's length in bytes without the NUL,
	// and the name with it.
	type renameInfo struct {
		flags   uint32
		root    windows.Handle
		nameLen uint32
		name    [1]uint16
	}
	size := unsafe.Offsetof(renameInfo{}.name) + 2*uintptr(len(name))
	buf := make([]uint64, (size+7)/8) // aligned for the handle
	info := (*renameInfo)(unsafe.Pointer(&buf[0]))
	info.flags = windows.FILE_RENAME_REPLACE_IF_EXISTS | windows.FILE_RENAME_POSIX_SEMANTICS | flags
	info.nameLen = uint32(2 * (len(name) - 1))
	copy(unsafe.Slice(&info.name[0], len(name)), name)
	return windows.SetFileInformationByHandle(h, windows.FileRenameInfoEx, (*byte)(unsafe.Pointer(info)), uint32(size))
}

// pathPair converts the two paths of a call that takes two.
func pathPair(a, b string) (pa, pb *uint16, err error) {
	if pa, err = windows.UTF16PtrFromString(longPath(a)); err != nil {
		return nil, nil, err
	}
	pb, err = windows.UTF16PtrFromString(longPath(b))
	return pa, pb, err
}

func volumeOf(dir string) (root, fsName string, remote bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", false
	}
	p, err := windows.UTF16PtrFromString(longPath(abs))
	if err != nil {
		return "", "", false
	}
	buf := make([]uint16, windows.MAX_LONG_PATH)
	if windows.GetVolumePathName(p, &buf[0], uint32(len(buf))) != nil {
		return "", "", false
	}
	r := &buf[0]
	root = windows.UTF16ToString(buf)
	remote = windows.GetDriveType(r) == windows.DRIVE_REMOTE
	name := make([]uint16, windows.MAX_PATH+1)
	if windows.GetVolumeInformation(r, nil, 0, nil, nil, nil, &name[0], uint32(len(name))) == nil {
		fsName = windows.UTF16ToString(name)
	}
	return root, fsName, remote
}

// developerModeKey holds AllowDevelopmentWithoutDevLicense, 1 when Developer
// Mode is on. It is a hint for messages only: whether a link can be made is
// decided by trying.
const developerModeKey = `SOFTWARE\Microsoft\Windows\CurrentVersion\AppModelUnlock`

func developerModeOn() (on, known bool) {
	// WOW64_64KEY: a 32-bit process would otherwise read the WOW6432Node copy.
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, developerModeKey, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if err != nil {
		return false, false
	}
	defer k.Close()
	v, _, err := k.GetIntegerValue("AllowDevelopmentWithoutDevLicense")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, true // Windows writes the value when Developer Mode is first turned on
	case err != nil:
		return false, false
	}
	return v == 1, true
}

// maxShortPath is the longest path the Win32 calls take without the
// extended-length prefix: MAX_PATH (260) less room for an 8.3 name (12), as
// CreateDirectoryW documents.
const maxShortPath = 248

// longPath returns path in the extended-length form (`\\?\C:\…` or
// `\\?\UNC\server\share\…`) when it is too long for the Win32 path limit, as
// Go's os package does: such a path is made absolute and clean, because
// Windows takes it as it is, with no `.`, `..` or `/` handling. Short paths,
// device paths and paths already in that form are returned unchanged.
func longPath(path string) string {
	if isExtended(path) || filepath.IsAbs(path) && len(path) < maxShortPath {
		return path
	}
	abs, err := filepath.Abs(path)
	if err != nil || len(abs) < maxShortPath {
		return path
	}
	if strings.HasPrefix(abs, `\\`) {
		return `\\?\UNC\` + abs[2:]
	}
	return `\\?\` + abs
}

// isExtended reports whether path starts with `\\?\`, `\??\` or the device
// prefix `\\.\`, where no prefix may be added.
func isExtended(path string) bool {
	if len(path) < 4 || !os.IsPathSeparator(path[0]) || !os.IsPathSeparator(path[3]) {
		return false
	}
	return os.IsPathSeparator(path[1]) && (path[2] == '?' || path[2] == '.') ||
		path[1:3] == "??"
}

package symlink

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// reparsePoint is one entry opened as itself, never followed: what Read and
// Remove ask of Windows. Everything they do to the entry goes through this
// one handle, so the entry read is the entry removed.
type reparsePoint interface {
	// data returns the entry's file attributes and, when it is a reparse
	// point, its REPARSE_DATA_BUFFER.
	data() (attrs uint32, buf []byte, err error)
	// remove deletes the entry itself: for a directory link or a junction
	// the link, as RemoveDirectory on the reparse point, not its target.
	remove() error
	close() error
}

// openReparse opens name in dir (the working directory when dir is nil) to
// read it: with no right that another program's sharing mode could refuse,
// so that an entry open elsewhere without FILE_SHARE_DELETE is still read,
// and found not to be a link, rather than refused. Tests replace it to feed
// Read and Remove the bytes of reparse points that Wine cannot make.
var openReparse = openReparsePoint

// readLinkAt reads the link name in dir (the working directory when dir is
// nil).
func readLinkAt(dir *os.File, name string) (Link, error) {
	p, err := openReparse(dir, name)
	if err != nil {
		return Link{}, err
	}
	defer p.close()
	return readOpened(p)
}

func readOpened(p reparsePoint) (Link, error) {
	attrs, buf, err := p.data()
	if err != nil {
		return Link{}, err
	}
	return parseReparse(attrs, buf)
}

// handle is a reparsePoint of the real system.
type handle windows.Handle

// openFlags open an entry as itself: FILE_FLAG_OPEN_REPARSE_POINT does not
// follow a link, FILE_FLAG_BACKUP_SEMANTICS opens a directory.
const openFlags = windows.FILE_FLAG_OPEN_REPARSE_POINT | windows.FILE_FLAG_BACKUP_SEMANTICS

const shareAll = windows.FILE_SHARE_READ | windows.FILE_SHARE_WRITE | windows.FILE_SHARE_DELETE

func openReparsePoint(dir *os.File, name string) (reparsePoint, error) {
	const access = windows.FILE_READ_ATTRIBUTES
	if dir == nil {
		p, err := windows.UTF16PtrFromString(longPath(name))
		if err != nil {
			return nil, err
		}
		h, err := windows.CreateFile(p, access, shareAll, nil, windows.OPEN_EXISTING, openFlags, 0)
		if err != nil {
			return nil, err
		}
		return handle(h), nil
	}
	// Relative to dir's handle, as os.Root opens names: no link among
	// dir's parents can move the work elsewhere.
	n, err := windows.NewNTUnicodeString(name)
	if err != nil {
		return nil, err
	}
	oa := windows.OBJECT_ATTRIBUTES{
		RootDirectory: windows.Handle(dir.Fd()),
		ObjectName:    n,
		Attributes:    windows.OBJ_CASE_INSENSITIVE,
	}
	oa.Length = uint32(unsafe.Sizeof(oa))
	var (
		h    windows.Handle
		iosb windows.IO_STATUS_BLOCK
	)
	err = windows.NtCreateFile(&h, access|windows.SYNCHRONIZE, &oa, &iosb, nil, 0, shareAll, windows.FILE_OPEN,
		windows.FILE_OPEN_REPARSE_POINT|windows.FILE_OPEN_FOR_BACKUP_INTENT|windows.FILE_SYNCHRONOUS_IO_NONALERT, 0, 0)
	if st, ok := err.(windows.NTStatus); ok {
		return nil, st.Errno()
	}
	if err != nil {
		return nil, err
	}
	return handle(h), nil
}

func (h handle) data() (uint32, []byte, error) {
	var fi windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(windows.Handle(h), &fi); err != nil {
		return 0, nil, err
	}
	if fi.FileAttributes&windows.FILE_ATTRIBUTE_REPARSE_POINT == 0 {
		return fi.FileAttributes, nil, nil
	}
	buf := make([]byte, windows.MAXIMUM_REPARSE_DATA_BUFFER_SIZE)
	var n uint32
	err := windows.DeviceIoControl(windows.Handle(h), windows.FSCTL_GET_REPARSE_POINT, nil, 0, &buf[0], uint32(len(buf)), &n, nil)
	if err != nil {
		return 0, nil, err
	}
	return fi.FileAttributes, buf[:n], nil
}

// remove deletes the open entry: the handle's own object, opened again
// with the right to delete it (ReOpenFile), so that what was read is what
// goes, whatever was renamed since.
func (h handle) remove() error {
	d, err := reopen(windows.Handle(h), windows.DELETE|windows.FILE_READ_ATTRIBUTES)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(d)
	return deleteOpened(d)
}

var procReOpenFile = windows.NewLazySystemDLL("kernel32.dll").NewProc("ReOpenFile")

// reopen opens the object h has open once more, as itself, with access.
func reopen(h windows.Handle, access uint32) (windows.Handle, error) {
	r, _, err := procReOpenFile.Call(uintptr(h), uintptr(access), shareAll, openFlags)
	if windows.Handle(r) == windows.InvalidHandle {
		return 0, err
	}
	return windows.Handle(r), nil
}

// deleteOpened deletes the entry h has open with DELETE access. It asks for
// POSIX semantics (FILE_DISPOSITION_INFO_EX, Windows 10 1607 and later): the
// name leaves its directory at once, even while another program has the
// entry open, as os.Remove does since Go 1.23, and a read-only entry goes
// too (1809 and later). Where Windows or the file system does not know the
// class or a flag, the entry is deleted when the last handle to it closes
// (FILE_DISPOSITION_INFO), its read-only attribute cleared first, and put
// back should the deletion fail.
func deleteOpened(h windows.Handle) error {
	err := win.disposeEx(h)
	if !noDispositionEx(err) {
		return err
	}
	var fi windows.ByHandleFileInformation
	if windows.GetFileInformationByHandle(h, &fi) == nil && fi.FileAttributes&windows.FILE_ATTRIBUTE_READONLY != 0 {
		if err := setAttributes(h, fi.FileAttributes&^windows.FILE_ATTRIBUTE_READONLY); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				setAttributes(h, fi.FileAttributes)
			}
		}()
	}
	info := struct{ DeleteFile bool }{true} // FILE_DISPOSITION_INFO
	err = windows.SetFileInformationByHandle(h, windows.FileDispositionInfo, (*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
	return err
}

// disposeEx marks the entry h has open for deletion with POSIX semantics,
// ignoring its read-only attribute.
func disposeEx(h windows.Handle) error {
	info := struct{ flags uint32 }{ // FILE_DISPOSITION_INFO_EX
		windows.FILE_DISPOSITION_DELETE | windows.FILE_DISPOSITION_POSIX_SEMANTICS | windows.FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE,
	}
	return windows.SetFileInformationByHandle(h, windows.FileDispositionInfoEx, (*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
}

// noDispositionEx reports whether err says that FILE_DISPOSITION_INFO_EX,
// or one of its flags, is unknown here: Windows before 10 1607 (the class)
// or 1809 (IGNORE_READONLY_ATTRIBUTE) answers ERROR_INVALID_PARAMETER, a
// file system without POSIX semantics (FAT) ERROR_NOT_SUPPORTED, and Wine
// ERROR_INVALID_FUNCTION.
func noDispositionEx(err error) bool {
	switch err {
	case windows.ERROR_INVALID_PARAMETER, windows.ERROR_NOT_SUPPORTED, windows.ERROR_INVALID_FUNCTION:
		return true
	}
	return false
}

// setAttributes sets the attributes of the entry h has open, through a
// handle opened again with the right to (h may lack it).
func setAttributes(h windows.Handle, attrs uint32) error {
	w, err := reopen(h, windows.FILE_WRITE_ATTRIBUTES)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(w)
	if attrs == 0 {
		attrs = windows.FILE_ATTRIBUTE_NORMAL // 0 would mean "leave them as they are"
	}
	var info struct { // FILE_BASIC_INFO: zero times are left as they are
		creation, access, write, change int64
		attrs                           uint32
	}
	info.attrs = attrs
	return windows.SetFileInformationByHandle(w, windows.FileBasicInfo, (*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
}

func (h handle) close() error { return windows.CloseHandle(windows.Handle(h)) }

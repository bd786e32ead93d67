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

// openReparse opens name in dir (the working directory when dir is nil),
// with the right to delete it when del is set. Tests replace it to feed
// Read and Remove the bytes of reparse points that Wine cannot make.
var openReparse = openReparsePoint

// readLinkAt reads the link name in dir (the working directory when dir is
// nil).
func readLinkAt(dir *os.File, name string) (Link, error) {
	p, err := openReparse(dir, name, false)
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

func openReparsePoint(dir *os.File, name string, del bool) (reparsePoint, error) {
	access := uint32(windows.FILE_READ_ATTRIBUTES)
	if del {
		access |= windows.DELETE
	}
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

// remove marks the open entry for deletion (FileDispositionInfo), which
// Windows carries out when the handle closes.
func (h handle) remove() error {
	info := struct{ DeleteFile bool }{true} // FILE_DISPOSITION_INFO
	return windows.SetFileInformationByHandle(windows.Handle(h), windows.FileDispositionInfo, (*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
}

func (h handle) close() error { return windows.CloseHandle(windows.Handle(h)) }

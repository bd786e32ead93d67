package sys

import "golang.org/x/sys/unix"

// FSType names the file system dir is on, for error messages: the file
// systems that have no symbolic links, and "" for any other or if unknown.
func FSType(dir string) string {
	var st unix.Statfs_t
	if ignoringEINTR(func() error { return unix.Statfs(dir, &st) }) != nil {
		return ""
	}
	switch uint32(st.Type) {
	case unix.MSDOS_SUPER_MAGIC:
		return "vfat"
	case unix.EXFAT_SUPER_MAGIC:
		return "exfat"
	case unix.CIFS_SUPER_MAGIC:
		return "cifs"
	case unix.SMB2_SUPER_MAGIC:
		return "smb2"
	}
	return ""
}

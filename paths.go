package symlink

import (
	"os"
	"path/filepath"
)

// The functions here build paths without cleaning them: "link/.." names the
// parent of where link points, so only the file system may resolve a "..",
// and filepath.Clean, Join, Dir and Abs would remove it lexically.

// absPath makes p absolute.
func absPath(p string) (string, error) {
	if filepath.IsAbs(p) {
		return p, nil
	}
	if p == "" || filepath.VolumeName(p) != "" || os.IsPathSeparator(p[0]) {
		return filepath.Abs(p) // Windows `C:x` or `\x`: rare enough to clean
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return joinPath(wd, p), nil
}

// joinPath is dir/name.
func joinPath(dir, name string) string {
	if dir == "" || dir == "." {
		return name // the same path, and shorter in messages
	}
	if os.IsPathSeparator(dir[len(dir)-1]) {
		return dir + name
	}
	return dir + string(filepath.Separator) + name
}

// parentDir is the directory p is in: p without its last element.
func parentDir(p string) string {
	vol, i := len(filepath.VolumeName(p)), lastSep(p)
	switch {
	case i < vol:
		return p[:vol] + "."
	case i == vol:
		return p[:i+1] // the root
	}
	return p[:i]
}

// splitPath splits p after its directory: parentDir(p) and the last element.
func splitPath(p string) (dir, name string) {
	return parentDir(p), p[lastSep(p)+1:]
}

// lastSep is the index of p's last separator after its volume name, or one
// less than the volume name's length if there is none.
func lastSep(p string) int {
	i := len(p) - 1
	for i >= len(filepath.VolumeName(p)) && !os.IsPathSeparator(p[i]) {
		i--
	}
	return i
}

//go:build !windows

package symlink

// storedContent is what the system stores for content: content itself.
func storedContent(content string) string { return content }

// sameContent reports whether a link read back as stored holds what a link
// made with asked would hold: the very same bytes.
func sameContent(stored, asked string) bool { return stored == asked }

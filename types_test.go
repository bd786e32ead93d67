package symlink_test

import (
	"testing"

	"github.com/symlinkgo/symlink"
)

func TestActionString(t *testing.T) {
	for a, want := range map[symlink.Action]string{
		symlink.Created: "created", symlink.Replaced: "replaced", symlink.Unchanged: "unchanged",
		symlink.NoAction: "none", symlink.Removed: "removed", symlink.Disowned: "disowned", 6: "Action(6)", 9: "Action(9)",
	} {
		if got := a.String(); got != want {
			t.Errorf("Action(%d).String() = %q, want %q", uint8(a), got, want)
		}
	}
}

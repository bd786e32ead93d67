package symlink

import "os"

// removeLinkAt removes the link c.name in dir (see openDir) if it holds
// c.content, or is a junction to the directory c.src names. The link is
// opened once, read and compared through that handle, and the handle's own
// object deleted: there is no moment in which another entry put at dst
// could be removed instead. It is opened with no right that a sharing mode
// refuses, so a file open elsewhere is ErrNotLink, not a sharing violation.
func (c *call) removeLinkAt(dir *os.File) error {
	p, err := openReparse(dir, c.name)
	if err != nil {
		return err
	}
	defer p.close()
	l, err := readOpened(p)
	if err != nil {
		return err
	}
	if !c.madeAs(l) {
		return c.holdsOther(l.Content)
	}
	return p.remove()
}

// madeAs reports whether Create would have made l: a link holding
// c.content, or, where Create falls back to a junction, a junction to the
// directory the link would point to.
func (c *call) madeAs(l Link) bool {
	if sameContent(l.Content, c.content) {
		return true
	}
	if !l.Junction || c.in != nil { // WithinRoot makes no junctions
		return false
	}
	target, err := junctionTarget(c.targetPath())
	return err == nil && sameContent(l.Content, target)
}

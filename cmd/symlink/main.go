// Command symlink makes symbolic links: a cross-platform "ln -s" that
// replaces links atomically and keeps backups without a moment in which the
// link is missing.
//
// Usage:
//
//	symlink [OPTION]... [-T] TARGET LINK
//	symlink [OPTION]... TARGET
//	symlink [OPTION]... TARGET... DIRECTORY
//	symlink [OPTION]... -t DIRECTORY TARGET...
//	symlink --check DIRECTORY
//	symlink --read LINK...
//	symlink --remove [OPTION]... TARGET LINK   (or any form above)
//
// The first form makes LINK a link to TARGET. The second makes the link in
// the working directory, named after TARGET's last element. The third and
// fourth make a link to each TARGET in DIRECTORY, named after the TARGET's
// last element. As in GNU ln, a LINK that is a directory, or a link to one,
// is taken as DIRECTORY (third form) unless -n or -T is given; a LINK that is
// a dangling link, a link loop or a link with an over-long target is the
// link itself.
//
// --read prints what each LINK holds, one line each, as readlink does
// (Windows junctions included). --remove turns any of the four forms into
// its inverse: it removes each link the same command without --remove would
// make, but only while that link still holds what the command would put in
// it; a link changed since, a file or a directory is left alone and
// reported. With --remove, a LINK operand that is itself a link is the link
// to remove, even when it leads to a directory, not a directory to look in
// (use -t to name such a directory);
// the flags that only shape a new link (-f, -b, -S, -p, --kind,
// --must-exist) are refused, as are --dry-run and --all-or-nothing, and -v
// prints "removed 'LINK'" as rm -v.
//
// TARGET is stored in the link as written, so a relative TARGET is followed
// from the link's directory; with -r, TARGET is named as from the working
// directory and the link holds the path from its own directory to it.
//
// Flags (short ones combine: -sfnv; those with a value take it attached,
// -S.bak, or as the next argument; long ones may be shortened to any
// unambiguous prefix):
//
//	-s, --symbolic              accepted and ignored: links are always symbolic
//	-f, --force                 replace an existing link or file atomically
//	-n, --no-dereference        a LINK that is a link to a directory is the link
//	                            to replace, not a directory to make the link in
//	-T, --no-target-directory   LINK is always the link, even if a directory
//	-t, --target-directory=DIR  make the links in DIR
//	-r, --relative              make links relative to their own directory
//	-b                          keep what LINK was at LINK~ (implies -f)
//	    --backup[=CONTROL]      like -b; CONTROL is simple (or never, existing,
//	                            nil) or none (or off) for no backup; with
//	                            existing, a LINK with numbered backups is refused
//	-S, --suffix=SUFFIX         back up to LINK+SUFFIX (implies -b)
//	-v, --verbose               print 'LINK' -> 'TARGET' for each link made
//	-p, --parents               create LINK's missing parent directories,
//	                            a missing -t DIR, and a missing DIRECTORY of
//	                            the third form
//	    --kind=auto|file|dir    the kind of link (Windows records it); a TARGET
//	                            of the other kind is an error on every system
//	    --must-exist            refuse to make a link to a missing TARGET
//	    --sync                  flush each link's directory to disk
//	    --dry-run               make nothing: print 'LINK' -> 'TARGET' (created),
//	                            (replaced) or (unchanged) for each link, and
//	                            each error, with the exit status of a real run
//	    --all-or-nothing        make all the links or none: check them all
//	                            first, and undo those made if one fails
//	    --journal=FILE          with --all-or-nothing: write down the change in
//	                            FILE first, so that the next run undoes one that
//	                            was killed or crashed
//	    --ledger=FILE           the links named are all the links wanted: make
//	                            them as one change (as --all-or-nothing) and
//	                            remove those FILE records from an earlier run
//	                            that are no longer named, if they still hold
//	                            what was recorded; record the links in FILE
//	    --check=DIR             report whether links can be made in DIR
//	    --read                  print what each LINK holds, as readlink
//	    --remove                remove the links the command would make, only
//	                            where they still hold TARGET; a LINK operand
//	                            that is a link is removed itself, even if it
//	                            leads to a directory
//	    --help                  print this help
//	    --version               print the version
//	--                          end of flags
//
// Backups are simple (LINK~ or LINK+SUFFIX); numbered backups (CONTROL
// numbered or t) are refused, and so is, with CONTROL existing (or nil), a
// LINK that has numbered backups already (LINK.~1~), which GNU ln would
// continue. As in GNU ln, the environment variables
// VERSION_CONTROL and SIMPLE_BACKUP_SUFFIX give the defaults of CONTROL and
// SUFFIX, and POSIXLY_CORRECT makes the first operand end the flags.
//
// Each link is made in one step of its own: when one fails, its error is
// printed and the others are still made. With --all-or-nothing the links
// are made as one change: every link is checked before any is made, and
// when one is refused, every refusal is printed and nothing is made; when
// one fails while they are made (a full disk), or the command is
// interrupted (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT), the links made are removed
// and the links and files replaced are put back, with no moment in which one
// is missing. With --journal=FILE, a run killed outright (SIGKILL) or cut by
// a crash is undone by the next run with the same FILE, before it begins.
//
// With --ledger=FILE the command keeps a set of links over time, as a
// dotfile manager does: the links it names are the whole set wanted. They
// are made as one change, as with --all-or-nothing, except that a link FILE
// records from an earlier run, still holding what FILE says, is replaced
// without -f; and a link FILE records that the command no longer names is
// removed if it still holds what FILE says (with -v: "removed 'LINK'"), or
// left as it is and forgotten if it was changed since ("disowned 'LINK'").
// FILE then records the links named that it made (one that already held
// its content before any run is another's, which it never removes); with no
// TARGET at all (symlink --ledger=FILE), it removes them all. A link named
// inside a link FILE no longer wants is refused: that link goes first, in a
// run of its own. A run that changes nothing writes
// nothing, FILE included. A run killed outright is completed by the next
// one with the same FILE; FILE.journal is its journal meanwhile.
//
// --dry-run makes every check a real run would make and changes nothing.
// It prints a line for each link, with or without -v, and the error of each
// link that would fail. It cannot foresee what only the attempt shows (a
// full disk, a file system without links). Each link is judged against the
// tree as the links before it in the same command would leave it: a LINK
// given twice, or a LINK at an earlier link's backup name, gets what the
// real run would give. With --all-or-nothing it prints the plan of the
// whole change, or, when a link would be refused, only the refusals, since
// nothing would be made.
//
// Differences from GNU ln:
//   - links are always symbolic: the hard-link and interactive flags (-d, -F,
//     -L, -P, -i) do not exist, and -s is accepted and ignored;
//   - -f and -b replace a link or file atomically (a new link is renamed over
//     it), so LINK is never missing; GNU removes LINK, or renames it to the
//     backup name, first;
//   - a LINK that already holds TARGET is left alone: nothing is written and
//     no backup is made;
//   - numbered backups (--backup=numbered, t) are refused, and so is
//     --backup=existing for a LINK that has numbered backups already;
//   - -f and -b refuse to replace a file with a link to that very file (the
//     TARGET also followed from LINK's directory, where the link would
//     point): GNU makes the link, which then points to itself, and the
//     file's content is lost;
//   - in a directory with the sticky bit, a backup of another user's LINK is
//     refused before anything is made (GNU fails half way);
//   - -p, --kind, --must-exist, --sync, --dry-run, --all-or-nothing,
//     --journal, --ledger and --check are not in GNU ln;
//   - errors name the step, the link and its content, in a message of their
//     own.
//
// Exit status: 0 if every link was made (or would be, with --dry-run; or
// was read, or removed, or every --check passed); 1 if any failed, on a
// usage error, or when the output could not be written.
//
// Examples:
//
//	symlink -sfn releases/42 current    # point current at releases/42 (deploy)
//	symlink -sr build/app ~/bin         # ~/bin/app -> relative path to build/app
//	symlink -t /usr/local/bin /opt/tool/bin/*
//	symlink -b config.new config        # config~ keeps the old config
//	symlink --check /mnt/usb            # can links be made there?
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/symlinkgo/symlink"
)

const name = "symlink"

const help = `Usage: symlink [OPTION]... [-T] TARGET LINK
  or:  symlink [OPTION]... TARGET
  or:  symlink [OPTION]... TARGET... DIRECTORY
  or:  symlink [OPTION]... -t DIRECTORY TARGET...
  or:  symlink --check DIRECTORY
  or:  symlink --read LINK...
  or:  symlink --remove [OPTION]... TARGET LINK   (or any form above)
Make LINK a symbolic link to TARGET (1st form); make a link to TARGET in the
working directory (2nd form) or in DIRECTORY (3rd and 4th forms), named after
TARGET's last element. A LINK that is a directory, or a link to one, is taken
as DIRECTORY unless -n or -T is given.

  -s, --symbolic              accepted and ignored: links are always symbolic
  -f, --force                 replace an existing link or file atomically
  -n, --no-dereference        a LINK that is a link to a directory is the link
                              to replace, not a directory to make the link in
  -T, --no-target-directory   LINK is always the link, even if a directory
  -t, --target-directory=DIR  make the links in DIR
  -r, --relative              make links relative to their own directory
  -b                          keep what LINK was at LINK~ (implies -f)
      --backup[=CONTROL]      like -b; CONTROL is simple (or never, existing,
                              nil) or none (or off) for no backup; with
                              existing, a LINK with numbered backups is refused
  -S, --suffix=SUFFIX         back up to LINK+SUFFIX (implies -b)
  -v, --verbose               print 'LINK' -> 'TARGET' for each link made
  -p, --parents               create LINK's missing parent directories,
                              a missing -t DIR, and a missing DIRECTORY of
                              the third form
      --kind=auto|file|dir    the kind of link (Windows records it); a TARGET
                              of the other kind is an error on every system
      --must-exist            refuse to make a link to a missing TARGET
      --sync                  flush each link's directory to disk
      --dry-run               make nothing: print 'LINK' -> 'TARGET' (created),
                              (replaced) or (unchanged) for each link, and
                              each error, with the exit status of a real run
      --all-or-nothing        make all the links or none: check them all
                              first, and undo those made if one fails
      --journal=FILE          with --all-or-nothing: write down the change in
                              FILE first, so that the next run undoes one that
                              was killed or crashed
      --ledger=FILE           the links named are all the links wanted: make
                              them as one change (as --all-or-nothing) and
                              remove those FILE records from an earlier run
                              that are no longer named, if they still hold
                              what was recorded; record the links in FILE
      --check=DIR             report whether links can be made in DIR
      --read                  print what each LINK holds, as readlink
      --remove                remove the links the command would make, only
                              where they still hold TARGET; a LINK operand
                              that is a link is removed itself, even if it
                              leads to a directory
      --help                  print this help
      --version               print the version

Differences from GNU ln: links are always symbolic (no -d -F -L -P -i; -s is
ignored); -f and -b replace atomically, so LINK is never missing; a LINK that
already holds TARGET is left alone, with no backup; numbered backups are
refused; -f and -b refuse to replace a file with a link to that same file
(GNU makes a link to itself, and the file is lost); a backup of another
user's LINK in a sticky directory is refused before anything is made; -p,
--kind, --must-exist, --sync, --dry-run, --all-or-nothing, --journal,
--ledger and --check are ours; error messages name the step, the link and its content.

Exit status: 0 if every link was made (would be, read, removed), 1 if any
failed or on a usage error.
`

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run executes one command line and returns its exit status.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	out := &errWriter{w: stdout}
	status := runTo(args, getenv, out, stderr)
	if out.err != nil {
		// As GNU tools do: output that was lost is a failure.
		fmt.Fprintf(stderr, "%s: write error: %v\n", name, out.err)
		return 1
	}
	return status
}

func runTo(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	c, err := parse(args, getenv)
	switch {
	case err != nil:
		return fail(stderr, err)
	case c.help:
		fmt.Fprint(stdout, help)
		return 0
	case c.version:
		fmt.Fprintln(stdout, name, version())
		return 0
	case c.checks != nil:
		return c.check(stdout, stderr)
	case c.read:
		return c.readLinks(stdout, stderr)
	}
	links, err := c.plan()
	if err != nil {
		return fail(stderr, err)
	}
	switch {
	case c.remove:
		return c.removeLinks(links, stdout, stderr)
	case c.ledger != "":
		return c.reconcile(links, stdout, stderr)
	case c.atomic:
		return c.createBatch(links, stdout, stderr)
	}
	return c.createEach(links, stdout, stderr)
}

// removeLinks runs --remove: each link on its own.
func (c *command) removeLinks(links []link, stdout, stderr io.Writer) int {
	status := 0
	for _, l := range links {
		if err := symlink.Remove(l.target, l.path, c.removeOptions()...); err != nil {
			status = fail(stderr, err)
		} else if c.verbose {
			fmt.Fprintf(stdout, "removed %s\n", shellQuote(l.path))
		}
	}
	return status
}

// fail prints err, and after a usage error where to find help. It returns
// the exit status of a failure.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	if errors.As(err, new(*usageError)) {
		fmt.Fprintf(stderr, "Try '%s --help' for more information.\n", name)
	}
	return 1
}

// errWriter keeps the first error of the writes to w.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// A link is one link to make: path will hold target.
type link struct {
	target, path string
}

// plan works out from the operands which of the four forms this is and the
// links it asks for.
func (c *command) plan() ([]link, error) {
	ops := c.operands
	switch {
	case c.withTarget && c.noTargetDir:
		return nil, errors.New("cannot combine --target-directory (-t) and --no-target-directory (-T)")
	case len(ops) == 0 && c.ledger != "":
		return nil, nil // no link wanted: those the ledger records go
	case len(ops) == 0:
		return nil, usagef("missing file operand")
	case c.noTargetDir && len(ops) == 1:
		return nil, usagef("missing destination file operand after %q", ops[0])
	case c.noTargetDir && len(ops) > 2:
		return nil, usagef("extra operand %q", ops[2])
	case c.noTargetDir, len(ops) == 2 && c.remove && isLink(ops[1]):
		return []link{{ops[0], ops[1]}}, nil
	case c.withTarget:
		return c.inDir(c.targetDir, ops)
	case len(ops) == 1:
		return c.inDir(".", ops)
	case len(ops) == 2 && c.directory(ops[1]) != nil:
		return []link{{ops[0], ops[1]}}, nil
	}
	return c.inDir(ops[len(ops)-1], ops[:len(ops)-1])
}

// inDir is the links to targets made in dir, each named after its target's
// last element. dir must be a directory, or be missing with -p.
func (c *command) inDir(dir string, targets []string) ([]link, error) {
	err := c.directory(dir)
	if c.parents && errors.Is(err, fs.ErrNotExist) {
		err = nil // WithParents makes it
	}
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", dir, err)
	}
	links := make([]link, len(targets))
	for i, t := range targets {
		links[i] = link{t, join(dir, base(t))}
	}
	return links, nil
}

// isLink reports whether p is a link (or a junction): with --remove, what
// the command made when p was missing.
func isLink(p string) bool {
	_, err := symlink.Read(p)
	return err == nil
}

// directory returns nil if dir is a directory, following a final link unless
// -n says that a link is never a directory here. A dangling link, a loop, a
// link too long to follow: each is not a directory.
func (c *command) directory(dir string) error {
	stat := os.Stat
	if c.noDeref {
		stat = os.Lstat
	}
	fi, err := stat(dir)
	switch {
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return err
	case !fi.IsDir():
		return symlink.ErrNotDir
	}
	return nil
}

// base is path's last element, trailing separators dropped, as the name of
// a link made to it in a directory. It is "" for a root.
func base(path string) string {
	path = strings.TrimRightFunc(path[len(filepath.VolumeName(path)):], isSeparator)
	return path[strings.LastIndexFunc(path, isSeparator)+1:]
}

// join is dir/name as GNU ln writes it: dir's trailing separators become
// one, and "." stays ("./name").
func join(dir, name string) string {
	trimmed := strings.TrimRightFunc(dir, isSeparator)
	if len(trimmed) > len(filepath.VolumeName(dir)) {
		return trimmed + string(filepath.Separator) + name
	}
	if len(trimmed) < len(dir) { // a root: "/", `C:\`
		return dir[:len(trimmed)+1] + name
	}
	return dir + name // "C:", the working directory of drive C
}

func isSeparator(r rune) bool { return r < 0x80 && os.IsPathSeparator(byte(r)) }

func (c *command) removeOptions() []symlink.Option {
	var opts []symlink.Option
	if c.relative {
		opts = append(opts, symlink.WithRelative())
	}
	if c.sync {
		opts = append(opts, symlink.WithSync())
	}
	return opts
}

// readLinks runs --read: each operand's content on a line of its own.
func (c *command) readLinks(stdout, stderr io.Writer) int {
	if len(c.operands) == 0 {
		return fail(stderr, usagef("missing operand"))
	}
	status := 0
	for _, p := range c.operands {
		l, err := symlink.Read(p)
		if err != nil {
			status = fail(stderr, err)
			continue
		}
		fmt.Fprintln(stdout, l.Content)
	}
	return status
}

// check runs --check for each directory given.
func (c *command) check(stdout, stderr io.Writer) int {
	if len(c.operands) > 0 {
		return fail(stderr, usagef("--check takes no operands"))
	}
	status := 0
	for _, dir := range c.checks {
		if err := symlink.Check(dir); err != nil {
			status = fail(stderr, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: symbolic links can be made here\n", shellQuote(dir))
	}
	return status
}

// version is the module version the binary was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

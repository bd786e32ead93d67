package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/symlinkgo/symlink"
)

// command is one invocation: the flags as parsed and the operands in order.
type command struct {
	force       bool   // -f
	noDeref     bool   // -n: a LINK that is a link to a directory is the link
	noTargetDir bool   // -T
	targetDir   string // -t, when withTarget
	withTarget  bool
	relative    bool
	parents     bool
	mustExist   bool
	sync        bool
	verbose     bool
	kind        symlink.Kind
	backup      bool   // resolved from -b, --backup, -S and VERSION_CONTROL
	suffix      string // of backups: -S, SIMPLE_BACKUP_SUFFIX or "~"
	checks      []string
	read        bool   // --read: print what each operand holds
	remove      bool   // --remove: undo what the same command would make
	dryRun      bool   // --dry-run: say what would happen, change nothing
	atomic      bool   // --all-or-nothing: all the links as one symlink.Batch
	journal     string // --journal: the Batch's journal
	ledger      string // --ledger: reconcile the links recorded there with those named
	help        bool
	version     bool
	operands    []string

	backupAsked   bool   // -b, --backup or -S was given
	backupControl string // the CONTROL of --backup=CONTROL, if any
	existing      bool   // the control is "existing": numbered where there are some
}

// usageError is a mistake on the command line: the message is followed by a
// pointer to --help.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// An option is one flag, spelled "--long" and, when short is not 0, "-s".
type option struct {
	long  string
	short byte
	arg   argKind
	set   func(value string) error
}

type argKind uint8

const (
	noArg       argKind = iota
	requiredArg         // "--long=V", "--long V", "-sV", "-s V"
	optionalArg         // "--long" or "--long=V" only
)

// on is the set function of a flag that turns *p on.
func on(p *bool) func(string) error {
	return func(string) error { *p = true; return nil }
}

// options is the table the parser works from, bound to c. The GNU ln flags
// keep their GNU spellings and meaning; those from --parents on are ours.
func (c *command) options() []option {
	return []option{
		{long: "symbolic", short: 's', set: func(string) error { return nil }},
		{long: "force", short: 'f', set: on(&c.force)},
		{long: "no-dereference", short: 'n', set: on(&c.noDeref)},
		{long: "no-target-directory", short: 'T', set: on(&c.noTargetDir)},
		{long: "target-directory", short: 't', arg: requiredArg, set: c.setTargetDir},
		{long: "relative", short: 'r', set: on(&c.relative)},
		{short: 'b', set: on(&c.backupAsked)},
		{long: "backup", arg: optionalArg, set: func(v string) error {
			c.backupAsked, c.backupControl = true, v
			return nil
		}},
		{long: "suffix", short: 'S', arg: requiredArg, set: func(v string) error {
			c.backupAsked, c.suffix = true, v
			return nil
		}},
		{long: "verbose", short: 'v', set: on(&c.verbose)},
		{long: "parents", short: 'p', set: on(&c.parents)},
		{long: "kind", arg: requiredArg, set: c.setKind},
		{long: "must-exist", set: on(&c.mustExist)},
		{long: "sync", set: on(&c.sync)},
		{long: "check", arg: requiredArg, set: func(v string) error {
			c.checks = append(c.checks, v)
			return nil
		}},
		{long: "dry-run", set: on(&c.dryRun)},
		{long: "all-or-nothing", set: on(&c.atomic)},
		{long: "journal", arg: requiredArg, set: func(v string) error {
			if v == "" {
				return usagef("--journal needs a file name")
			}
			c.journal = v
			return nil
		}},
		{long: "ledger", arg: requiredArg, set: func(v string) error {
			if v == "" {
				return usagef("--ledger needs a file name")
			}
			c.ledger = v
			return nil
		}},
		{long: "read", set: on(&c.read)},
		{long: "remove", set: on(&c.remove)},
		{long: "help", set: on(&c.help)},
		{long: "version", set: on(&c.version)},
	}
}

// modeConflict refuses the flags that mean nothing with --read or --remove.
func (c *command) modeConflict() error {
	shaping := c.force || c.backupAsked || c.parents || c.mustExist || c.kind != symlink.KindAuto
	switch {
	case c.read && (c.remove || c.checks != nil || shaping || c.withTarget || c.noTargetDir ||
		c.noDeref || c.relative || c.sync || c.verbose || c.dryRun || c.atomic || c.ledger != ""):
		return usagef("--read takes no other flag")
	case c.remove && shaping:
		return usagef("--remove only removes links: -f, -b, -S, -p, --kind and --must-exist do not apply")
	case c.remove && (c.dryRun || c.atomic):
		return usagef("--remove removes each link on its own: --dry-run and --all-or-nothing do not apply")
	case c.remove && c.ledger != "":
		return usagef("--ledger removes the links it recorded that the command no longer names: --remove does not apply")
	case c.journal != "" && c.ledger != "":
		return usagef("--ledger keeps its own journal, beside the ledger: --journal does not apply")
	case c.journal != "" && !c.atomic:
		return usagef("--journal journals an --all-or-nothing change: give both")
	}
	return nil
}

func (c *command) setTargetDir(dir string) error {
	if c.withTarget {
		return usagef("multiple target directories specified")
	}
	c.targetDir, c.withTarget = dir, true
	return nil
}

var kinds = []choice[symlink.Kind]{
	{"auto", symlink.KindAuto}, {"file", symlink.KindFile}, {"dir", symlink.KindDir},
}

func (c *command) setKind(v string) error {
	k, err := match("--kind", v, kinds)
	c.kind = k
	return err
}

// parse reads the arguments as GNU getopt_long does: flags and operands in
// any order (unless POSIXLY_CORRECT is set: then the first operand ends the
// flags), "--" ending the flags, short flags combined ("-sfn") with a value
// attached or in the next argument ("-S~", "-t DIR"), long flags abbreviated
// to any unambiguous prefix ("--verb") with a value after "=" or in the next
// argument.
func parse(args []string, getenv func(string) string) (*command, error) {
	c := new(command)
	opts := c.options()
	posix := getenv("POSIXLY_CORRECT") != ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		var (
			used int
			err  error
		)
		switch {
		case a == "--":
			c.operands = append(c.operands, args[i+1:]...)
			return c, c.settle(getenv)
		case strings.HasPrefix(a, "--"):
			used, err = longOption(opts, a, args[i+1:])
		case len(a) > 1 && a[0] == '-':
			used, err = shortOptions(opts, a, args[i+1:])
		case posix:
			c.operands = append(c.operands, args[i:]...)
			return c, c.settle(getenv)
		default:
			c.operands = append(c.operands, a)
		}
		if err != nil {
			return nil, err
		}
		if c.help || c.version {
			// As GNU getopt_long's callers: --help and --version act at
			// once, so later arguments, even bad ones, do not matter.
			return c, nil
		}
		i += used
	}
	return c, c.settle(getenv)
}

// settle checks the flags together, once all are read.
func (c *command) settle(getenv func(string) string) error {
	if err := c.modeConflict(); err != nil {
		return err
	}
	return c.resolveBackup(getenv)
}

// longOption applies arg ("--name" or "--name=value") and returns how many of
// the following arguments it took as its value.
func longOption(opts []option, arg string, rest []string) (used int, err error) {
	name, value, hasValue := strings.Cut(arg[2:], "=")
	var found []option
	for _, o := range opts {
		if o.long == name {
			found = []option{o}
			break
		}
		if o.long != "" && strings.HasPrefix(o.long, name) {
			found = append(found, o)
		}
	}
	switch {
	case len(found) == 0:
		return 0, usagef("unrecognized option '%s'", arg)
	case len(found) > 1:
		var names []string
		for _, o := range found {
			names = append(names, "'--"+o.long+"'")
		}
		return 0, usagef("option '--%s' is ambiguous; possibilities: %s", name, strings.Join(names, " "))
	}
	o := found[0]
	switch {
	case o.arg == noArg && hasValue:
		return 0, usagef("option '--%s' doesn't allow an argument", o.long)
	case o.arg == requiredArg && !hasValue:
		if len(rest) == 0 {
			return 0, usagef("option '--%s' requires an argument", o.long)
		}
		value, used = rest[0], 1
	}
	return used, o.set(value)
}

// shortOptions applies the cluster of short flags in arg ("-sfn", "-St~",
// "-t") and returns how many of the following arguments it took as a value.
func shortOptions(opts []option, arg string, rest []string) (used int, err error) {
	for j := 1; j < len(arg); j++ {
		o, ok := shortOption(opts, arg[j])
		if !ok {
			return 0, usagef("invalid option -- '%c'", arg[j])
		}
		if o.arg == noArg {
			if err := o.set(""); err != nil {
				return 0, err
			}
			continue
		}
		// The rest of the cluster, or else the next argument, is the value.
		value := arg[j+1:]
		if value == "" {
			if len(rest) == 0 {
				return 0, usagef("option requires an argument -- '%c'", arg[j])
			}
			value, used = rest[0], 1
		}
		return used, o.set(value)
	}
	return 0, nil
}

func shortOption(opts []option, b byte) (option, bool) {
	for _, o := range opts {
		if o.short != 0 && o.short == b {
			return o, true
		}
	}
	return option{}, false
}

// A choice is one accepted value of a flag.
type choice[T any] struct {
	name  string
	value T
}

// match returns the value of the choice arg names, exactly or by an
// unambiguous prefix, as GNU argmatch does: a prefix of several names is
// accepted when they all mean the same.
func match[T comparable](flag, arg string, choices []choice[T]) (T, error) {
	var (
		found T
		n     int
	)
	for _, ch := range choices {
		if ch.name == arg {
			return ch.value, nil
		}
		if arg != "" && strings.HasPrefix(ch.name, arg) && (n == 0 || ch.value != found) {
			found = ch.value
			n++
		}
	}
	if n == 1 {
		return found, nil
	}
	var names []string
	for _, ch := range choices {
		names = append(names, ch.name)
	}
	what := "invalid"
	if n > 1 {
		what = "ambiguous"
	}
	return found, usagef("%s argument %q for %s; valid arguments are: %s", what, arg, flag, strings.Join(names, ", "))
}

// A backupControl is what --backup=CONTROL asks for.
type backupControl uint8

const (
	noBackups backupControl = iota
	simpleBackups
	existingBackups
	numberedBackups
)

// controls are the CONTROL words of GNU ln. "existing" makes numbered
// backups in GNU ln where some exist already, and simple ones elsewhere; we
// make no numbered backups, so a LINK that has some is refused.
var controls = []choice[backupControl]{
	{"none", noBackups}, {"off", noBackups},
	{"simple", simpleBackups}, {"never", simpleBackups},
	{"existing", existingBackups}, {"nil", existingBackups},
	{"numbered", numberedBackups}, {"t", numberedBackups},
}

// resolveBackup settles whether to keep backups and under which suffix, from
// the flags and, as GNU ln, from VERSION_CONTROL and SIMPLE_BACKUP_SUFFIX.
func (c *command) resolveBackup(getenv func(string) string) error {
	if !c.backupAsked {
		return nil
	}
	control, flagName := c.backupControl, "--backup"
	if control == "" {
		control, flagName = getenv("VERSION_CONTROL"), "VERSION_CONTROL"
	}
	kind := simpleBackups
	if control != "" {
		var err error
		if kind, err = match(flagName, control, controls); err != nil {
			return err
		}
	}
	if kind == numberedBackups {
		return usagef("numbered backups (%s=%s) are not supported; use --backup=simple", flagName, control)
	}
	c.backup = kind != noBackups
	c.existing = kind == existingBackups
	if !c.backup {
		c.suffix = ""
		return nil
	}
	if c.suffix == "" {
		c.suffix = getenv("SIMPLE_BACKUP_SUFFIX")
	}
	if c.suffix == "" || strings.ContainsAny(c.suffix, separators) {
		// As GNU's backupfile.c: a suffix that is not a plain name would
		// put every backup in another directory; "~" is used instead.
		c.suffix = "~"
	}
	return nil
}

// separators are the path separators of this system.
var separators = string(filepath.Separator) + "/"

// checkExisting refuses, under the backup control "existing", a LINK that
// has numbered backups already (LINK.~N~): GNU ln would make the next one,
// and a simple backup instead would break the series without a word.
func (c *command) checkExisting(path string) error {
	if !c.existing {
		return nil
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	names, err := readNames(dir)
	if err != nil {
		return nil // no directory to list: the link's own error will say why
	}
	for _, n := range names {
		if isNumberedBackup(n, base) {
			return fmt.Errorf("%s has numbered backups (%s), which --backup=existing would continue; numbered backups are not supported: use --backup=simple",
				shellQuote(path), shellQuote(filepath.Join(filepath.Dir(path), n)))
		}
	}
	return nil
}

// isNumberedBackup reports whether name is base.~N~, N a number.
func isNumberedBackup(name, base string) bool {
	n, ok := strings.CutPrefix(name, base+".~")
	if !ok {
		return false
	}
	n, ok = strings.CutSuffix(n, "~")
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

// readNames lists the names in dir.
func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

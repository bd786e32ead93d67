package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/symlinkgo/symlink"
)

func TestParseReadsArgumentsAsGNUGetopt(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want command
	}{
		{args: []string{"-sfnv", "a", "b"},
			want: command{force: true, noDeref: true, verbose: true, operands: []string{"a", "b"}}},
		{args: []string{"a", "-f", "b", "-T"},
			want: command{force: true, noTargetDir: true, operands: []string{"a", "b"}}},
		{args: []string{"a", "-f", "b"}, env: map[string]string{"POSIXLY_CORRECT": "y"},
			want: command{operands: []string{"a", "-f", "b"}}},
		{args: []string{"-f", "--", "-n", "--", "-"},
			want: command{force: true, operands: []string{"-n", "--", "-"}}},
		{args: []string{"-", "a"},
			want: command{operands: []string{"-", "a"}}},
		{args: []string{"-St~", "a"},
			want: command{backup: true, suffix: "t~", operands: []string{"a"}}},
		{args: []string{"-bS", "-x", "a"},
			want: command{backup: true, suffix: "-x", operands: []string{"a"}}},
		{args: []string{"--suffix", ".old", "a"},
			want: command{backup: true, suffix: ".old", operands: []string{"a"}}},
		{args: []string{"-b", "a"}, env: map[string]string{"SIMPLE_BACKUP_SUFFIX": ".prev"},
			want: command{backup: true, suffix: ".prev", operands: []string{"a"}}},
		{args: []string{"-S.x", "a"}, env: map[string]string{"SIMPLE_BACKUP_SUFFIX": ".prev"},
			want: command{backup: true, suffix: ".x", operands: []string{"a"}}},
		{args: []string{"-b", "a"}, env: map[string]string{"VERSION_CONTROL": "off"},
			want: command{operands: []string{"a"}}},
		{args: []string{"--backup=never", "a"}, env: map[string]string{"VERSION_CONTROL": "off"},
			want: command{backup: true, suffix: "~", operands: []string{"a"}}},
		{args: []string{"--backup=s", "a"},
			want: command{backup: true, suffix: "~", operands: []string{"a"}}},
		{args: []string{"--backup=ni", "a"},
			want: command{backup: true, existing: true, suffix: "~", operands: []string{"a"}}},
		{args: []string{"--backup=of", "-S.x", "a"},
			want: command{operands: []string{"a"}}},
		{args: []string{"-tdir", "a"},
			want: command{targetDir: "dir", withTarget: true, operands: []string{"a"}}},
		{args: []string{"-nt", "dir", "a"},
			want: command{noDeref: true, targetDir: "dir", withTarget: true, operands: []string{"a"}}},
		{args: []string{"--target=dir", "a"},
			want: command{targetDir: "dir", withTarget: true, operands: []string{"a"}}},
		{args: []string{"a", "--target-directory", "-v"},
			want: command{targetDir: "-v", withTarget: true, operands: []string{"a"}}},
		{args: []string{"-t", "", "a"},
			want: command{withTarget: true, operands: []string{"a"}}},
		{args: []string{"--relative", "--parents", "--must", "--syn", "--no-t", "--no-d", "--sym", "a"},
			want: command{relative: true, parents: true, mustExist: true, sync: true, noTargetDir: true, noDeref: true,
				operands: []string{"a"}}},
		{args: []string{"-rp", "a"},
			want: command{relative: true, parents: true, operands: []string{"a"}}},
		{args: []string{"--kind", "file", "a"},
			want: command{kind: symlink.KindFile, operands: []string{"a"}}},
		{args: []string{"--kind=d", "--kind=a", "a"},
			want: command{kind: symlink.KindAuto, operands: []string{"a"}}},
		{args: []string{"--kind=di", "a"},
			want: command{kind: symlink.KindDir, operands: []string{"a"}}},
		{args: []string{"--dry", "--all", "-v", "a"},
			want: command{dryRun: true, atomic: true, verbose: true, operands: []string{"a"}}},
		{args: []string{"--check", "x", "--check=y"},
			want: command{checks: []string{"x", "y"}}},
		{args: []string{"--he", "--vers"},
			want: command{help: true}}, // --help acts at once, as in GNU ln
	} {
		got, err := parse(tc.args, func(name string) string { return tc.env[name] })
		if err != nil {
			t.Errorf("parse(%q) with %v: %v, want no error", tc.args, tc.env, err)
			continue
		}
		ignore := cmpopts.IgnoreFields(command{}, "backupAsked", "backupControl")
		if diff := cmp.Diff(tc.want, *got, cmp.AllowUnexported(command{}), ignore); diff != "" {
			t.Errorf("parse(%q) with %v (-want +got):\n%s", tc.args, tc.env, diff)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"-i", "a"}, nil, "invalid option -- 'i'"},
		{[]string{"-sfq"}, nil, "invalid option -- 'q'"},
		{[]string{"--interactive"}, nil, "unrecognized option '--interactive'"},
		{[]string{"--frob=1"}, nil, "unrecognized option '--frob=1'"},
		{[]string{"--no"}, nil, "option '--no' is ambiguous; possibilities: '--no-dereference' '--no-target-directory'"},
		{[]string{"--force=yes"}, nil, "option '--force' doesn't allow an argument"},
		{[]string{"--dry-run=yes"}, nil, "option '--dry-run' doesn't allow an argument"},
		{[]string{"--remove", "--dry-run"}, nil, "--remove removes each link on its own: --dry-run and --all-or-nothing do not apply"},
		{[]string{"--target-directory"}, nil, "option '--target-directory' requires an argument"},
		{[]string{"--check"}, nil, "option '--check' requires an argument"},
		{[]string{"-S"}, nil, "option requires an argument -- 'S'"},
		{[]string{"-t", "a", "-tb"}, nil, "multiple target directories specified"},
		{[]string{"--kind="}, nil, `invalid argument "" for --kind; valid arguments are: auto, file, dir`},
		{[]string{"--kind=x"}, nil, `invalid argument "x" for --kind; valid arguments are: auto, file, dir`},
		{[]string{"--backup=n"}, nil, `ambiguous argument "n" for --backup; valid arguments are: none, off, simple, never, existing, nil, numbered, t`},
		{[]string{"--backup=t"}, nil, "numbered backups (--backup=t) are not supported; use --backup=simple"},
		{[]string{"-b"}, map[string]string{"VERSION_CONTROL": "numbered"}, "numbered backups (VERSION_CONTROL=numbered) are not supported; use --backup=simple"},
		{[]string{"--backup"}, map[string]string{"VERSION_CONTROL": "x"}, `invalid argument "x" for VERSION_CONTROL; valid arguments are: none, off, simple, never, existing, nil, numbered, t`},
	} {
		_, err := parse(tc.args, func(name string) string { return tc.env[name] })
		if err == nil || err.Error() != tc.want {
			t.Errorf("parse(%q) with %v: error %v, want %q", tc.args, tc.env, err, tc.want)
		}
	}
}

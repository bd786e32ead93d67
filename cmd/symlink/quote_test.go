package main

import "testing"

// TestShellQuoteAsGNULn checks shellQuote against what GNU ln -v prints in a
// UTF-8 locale.
func TestShellQuoteAsGNULn(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `''`},
		{"a", `'a'`},
		{"sp ace", `'sp ace'`},
		{"a$b", `'a$b'`},
		{"-x", `'-x'`},
		{`a\b`, `'a\b'`},
		{"héllo", `'héllo'`},
		{"it's", `"it's"`},
		{"'", `"'"`},
		{"it's x", `"it's x"`},
		{"it's%+,-.:@]_/x", `"it's%+,-.:@]_/x"`},
		{"it'sé世", `"it'sé世"`},
		{"it's $x", `'it'\''s $x'`},
		{`a"b'c`, `'a"b'\''c'`},
		{"it's~", `'it'\''s~'`},
		{"a\tb", `'a'$'\t''b'`},
		{"a\nb", `'a'$'\n''b'`},
		{"a\xffb", `'a'$'\377''b'`},
		{"a\x01\x02b", `'a'$'\001\002''b'`},
		{"\x01a", `''$'\001''a'`},
		{"a\x01", `'a'$'\001'`},
		{"\x01'", `''$'\001'\'''`},
		{"'\x01'a", `''\'''$'\001'\''a'`},
		{"a\a\b\f\r\vb", `'a'$'\a\b\f\r\v''b'`},
		{"a\x7fb", `'a'$'\177''b'`},
		{"a\u0080b", `'a'$'\302\200''b'`},
		{"a\u200bb", "'a\u200bb'"},
		{"a'\x01b", `'a'\'''$'\001''b'`},
		// GNU ln 9.1 prints '''it'\''s'$'\377 here: a quote left open.
		{"it's\xff", `'it'\''s'$'\377'`},
	} {
		if got := shellQuote(tc.in); got != tc.want {
			t.Errorf("shellQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

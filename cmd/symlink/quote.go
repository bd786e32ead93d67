package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// shellQuote quotes s for --verbose the way GNU ln does (its "shell-escape-
// always" style), so that scripts parsing "ln -v" output read ours alike:
// 'name' in single quotes, a single quote as '\”, bytes that are not
// printable text as $'\n' or $'\303', and "name" in double quotes when s
// holds a single quote and nothing a shell would expand in them.
func shellQuote(s string) string {
	if strings.Contains(s, "'") && !strings.ContainsFunc(s, needsSingleQuotes) && utf8.ValidString(s) {
		return `"` + s + `"`
	}
	var b strings.Builder
	b.WriteByte('\'')
	escaping := false // inside a $'...' part
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\'':
			b.WriteString(`'\''`)
			escaping = false
		case r == utf8.RuneError && n == 1, !printable(r):
			if !escaping {
				b.WriteString(`'$'`)
				escaping = true
			}
			for _, c := range []byte(s[i : i+n]) {
				b.WriteString(escape(c))
			}
		default:
			if escaping {
				b.WriteString(`''`)
				escaping = false
			}
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteByte('\'')
	return b.String()
}

// needsSingleQuotes reports whether r would be expanded, or could not be
// shown, between double quotes.
func needsSingleQuotes(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return false
	case r < utf8.RuneSelf:
		return !strings.ContainsRune(" %+,-./:@]_'", r)
	}
	return !printable(r)
}

func printable(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= ' ' && r != 0x7f
	}
	return unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r)
}

// escape is byte c inside $'...': a C escape where there is one, else octal.
func escape(c byte) string {
	if i := strings.IndexByte("\a\b\f\n\r\t\v", c); i >= 0 {
		return `\` + "abfnrtv"[i:i+1]
	}
	o := strconv.FormatUint(uint64(c), 8)
	return `\` + strings.Repeat("0", 3-len(o)) + o
}

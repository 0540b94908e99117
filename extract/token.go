package extract

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Break classes: what separates a token from the one before it. Phrases
// never match across a break of class brkComma or stronger.
const (
	brkNone     uint8 = iota // spaces, hyphens, slashes
	brkComma                 // , ( ) " and other light punctuation
	brkClause                // ; :
	brkSentence              // . ! ?
	brkLine                  // a line break or a bullet
)

// token is one word of a text: its bytes in the original text and its
// normalised key (lower case, apostrophes dropped, lightly stemmed) in the
// tokenizer's key buffer.
type token struct {
	h            uint64 // hash of the key (keyHash)
	start, end   int32  // byte range in the original text
	kstart, kend int32  // byte range of the key in tokens.keys
	brk          uint8  // break class before this token
}

// keyHash hashes a key eight bytes at a time; never 0.
func keyHash(b []byte) uint64 {
	h := uint64(len(b)) * 0x9E3779B97F4A7C15
	for len(b) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(b)) * 0xff51afd7ed558ccd
		h ^= h >> 32
		b = b[8:]
	}
	var v uint64
	for i, c := range b {
		v |= uint64(c) << (8 * uint(i))
	}
	h = (h ^ v) * 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	if h == 0 {
		h = 1
	}
	return h
}

// tokens is a tokenised text. Its buffers are reused between texts.
type tokens struct {
	text string
	toks []token
	keys []byte
}

func (ts *tokens) key(i int) []byte {
	t := &ts.toks[i]
	return ts.keys[t.kstart:t.kend]
}

func (ts *tokens) raw(i int) string {
	t := &ts.toks[i]
	return ts.text[t.start:t.end]
}

// asciiWord marks the ASCII bytes that are part of words.
var asciiWord = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

// asciiLower maps a byte to its ASCII lower case.
var asciiLower = func() (t [256]byte) {
	for c := 0; c < 256; c++ {
		t[c] = byte(c)
		if c >= 'A' && c <= 'Z' {
			t[c] = byte(c) + 'a' - 'A'
		}
	}
	return t
}()

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// tokenize splits text into word tokens. Words are runs of letters and
// digits; an apostrophe between letters stays inside the word (and is
// dropped from the key); "+" and "#" right after a word are part of it
// (C++, C#). A '.' directly followed by a letter or digit joins nothing but
// is not a sentence break (e.g., Node.js, 3.5).
func (ts *tokens) tokenize(text string) {
	ts.text = text
	ts.toks = ts.toks[:0]
	ts.keys = ts.keys[:0]
	brk := brkLine
	i := 0
	n := len(text)
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			if isWordByte(c) {
				if (c == 'h' || c == 'H' || c == 'w' || c == 'W') && isURLStart(text[i:]) {
					// a link names no skills: skip it whole
					for i < n && text[i] != ' ' && text[i] != '\n' && text[i] != '\t' && text[i] != ']' && text[i] != ')' {
						i++
					}
					if brk < brkComma {
						brk = brkComma
					}
					continue
				}
				i = ts.word(text, i, brk)
				brk = brkNone
				continue
			}
			switch c {
			case '\n':
				brk = brkLine
			case '.', '!', '?':
				if c == '.' && i+1 < n && isWordByte(text[i+1]) {
					// inside a name or number
				} else if c == '.' && ts.initialBefore(i) {
					// an initial or abbreviation: B.S., Ph.D., e.g.
				} else if brk < brkSentence {
					brk = brkSentence
				}
			case ';', ':':
				if brk < brkClause {
					brk = brkClause
				}
			case ',', '(', ')', '"', '[', ']', '{', '}', '|', '*', '<', '>', '=':
				if brk < brkComma {
					brk = brkComma
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			i = ts.word(text, i, brk)
			brk = brkNone
			continue
		}
		switch r {
		case '\u2022', '\u25cf', '\u25aa', '\u00b7', '\u2023', '\u2043': // bullets
			brk = brkLine
		case '\u201c', '\u201d':
			if brk < brkComma {
				brk = brkComma
			}
		case '\u2026':
			if brk < brkSentence {
				brk = brkSentence
			}
		}
		i += size
	}
}

// isURLStart reports whether s starts with "http://", "https://" or "www.",
// in any case.
func isURLStart(s string) bool {
	lower := func(c byte) byte { return c | 0x20 }
	if len(s) >= 4 && lower(s[0]) == 'w' && lower(s[1]) == 'w' && lower(s[2]) == 'w' && s[3] == '.' {
		return true
	}
	if len(s) < 7 || lower(s[0]) != 'h' || lower(s[1]) != 't' || lower(s[2]) != 't' || lower(s[3]) != 'p' {
		return false
	}
	r := s[4:]
	if lower(r[0]) == 's' {
		r = r[1:]
	}
	return len(r) >= 3 && r[0] == ':' && r[1] == '/' && r[2] == '/'
}

// word reads one word starting at i and appends its token.
func (ts *tokens) word(text string, i int, brk uint8) int {
	start := i
	kstart := len(ts.keys)
	n := len(text)
	// Fast path: a run of ASCII letters and digits, copied and lowered at once.
	j := i
	for j < n && asciiWord[text[j]] {
		j++
	}
	ts.keys = slices.Grow(ts.keys, j-i)[:kstart+j-i]
	for k, c := range []byte(text[i:j]) {
		ts.keys[kstart+k] = asciiLower[c]
	}
	i = j
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			if isWordByte(c) {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				ts.keys = append(ts.keys, c)
				i++
				continue
			}
			if c == '\'' && i+1 < n && i > start && isWordByte(text[i+1]) {
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isApostrophe(r) && i+size < n && i > start && isWordByte(text[i+size]) {
			i += size
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		lr := unicode.ToLower(foldAccent(r))
		ts.keys = utf8.AppendRune(ts.keys, lr)
		i += size
	}
	// C++, C#, F#
	for i < n && (text[i] == '+' || text[i] == '#') && i-start <= 2 {
		ts.keys = append(ts.keys, text[i])
		i++
	}
	kend := len(ts.keys)
	if c := ts.keys[kend-1]; c != '+' && c != '#' {
		kend = kstart + stemInPlace(ts.keys[kstart:kend])
		ts.keys = ts.keys[:kend]
	}
	ts.toks = append(ts.toks, token{h: keyHash(ts.keys[kstart:kend]), start: int32(start), end: int32(i), kstart: int32(kstart), kend: int32(kend), brk: brk})
	return i
}

// initialBefore reports whether the token just before text[i] is a single
// letter that ends at i, as in "B.S." or "e.g.": a full stop after it ends
// an abbreviation rather than a sentence.
func (ts *tokens) initialBefore(i int) bool {
	if len(ts.toks) == 0 {
		return false
	}
	t := ts.toks[len(ts.toks)-1]
	if int(t.end) != i || t.end-t.start != 1 {
		return false
	}
	c := ts.text[t.start]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// foldAccent maps a few accented Latin letters to their base letter so
// "résumé" and "resume" share a key.
func foldAccent(r rune) rune {
	switch r {
	case 'é', 'è', 'ê', 'ë', 'É':
		return 'e'
	case 'á', 'à', 'â', 'ä', 'Á':
		return 'a'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö':
		return 'o'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	}
	return r
}

func isConsonantToDouble(c byte) bool {
	switch c {
	case 'b', 'd', 'g', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

func hasSuffix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[len(b)-len(s):]) == s
}

// stemInPlace applies a light, conservative English stemmer to a lower-case
// key and returns the new length. It only shortens b, except for
// "-ies" → "-y", written in place. Both phrases and texts go through it, so
// it only has to be consistent, not linguistically right: "manage",
// "managed", "manages", "managing" all become "manag".
func stemInPlace(b []byte) int {
	n := len(b)
	if n <= 3 {
		return n
	}
	switch {
	case hasSuffix(b, "ies") && n > 4:
		b[n-3] = 'y'
		n -= 2
	case hasSuffix(b, "sses"):
		n -= 2
	case b[n-1] == 's' && b[n-2] != 's' && b[n-2] != 'u' && b[n-2] != 'i' && b[n-2] != '\'':
		n--
	}
	b = b[:n]
	stripped := false
	switch {
	case n > 5 && hasSuffix(b, "ing"):
		n -= 3
		stripped = true
	case n > 4 && hasSuffix(b, "ed") && !hasSuffix(b, "eed"):
		n -= 2
		stripped = true
	}
	b = b[:n]
	if stripped && n >= 3 && b[n-1] == b[n-2] && isConsonantToDouble(b[n-1]) {
		n--
	}
	b = b[:n]
	if n > 3 && b[n-1] == 'e' {
		n--
	}
	return n
}

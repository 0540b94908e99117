package resume

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// readText reads Markdown or plain text: UTF-8 (a BOM is dropped) or UTF-16
// with a BOM, converted to UTF-8.
func readText(data []byte, name string) (*Document, error) {
	kind := KindText
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		kind = KindMarkdown
	}
	var s string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		var err error
		if s, err = decodeUTF16(data); err != nil {
			return nil, err
		}
	}
	if s == "" {
		if bytes.IndexByte(data, 0) >= 0 {
			if looksUTF16(data) {
				return nil, fmt.Errorf("UTF-16 text without a byte-order mark, save it as UTF-8: %w", ErrWrongType)
			}
			return nil, fmt.Errorf("binary data, not text: %w", ErrWrongType)
		}
		if !utf8.Valid(data) {
			return nil, fmt.Errorf("text that is not valid UTF-8 (byte %d; maybe Windows-1252 or Latin-1), save it as UTF-8: %w",
				invalidOffset(data), ErrWrongType)
		}
		s = string(data)
	}
	if controlRatio(s) > 0.1 {
		return nil, fmt.Errorf("binary data, not text: %w", ErrWrongType)
	}
	return &Document{Kind: kind, Text: normalize(s)}, nil
}

// decodeUTF16 decodes text that starts with a UTF-16 byte-order mark.
func decodeUTF16(data []byte) (string, error) {
	if len(data)%2 != 0 {
		return "", fmt.Errorf("UTF-16 text with an odd number of bytes, save it as UTF-8: %w", ErrWrongType)
	}
	big := data[0] == 0xFE
	units := make([]uint16, 0, len(data)/2-1)
	for i := 2; i+1 < len(data); i += 2 {
		if big {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	runes := utf16.Decode(units)
	for _, r := range runes {
		if r == utf8.RuneError || r == 0 {
			return "", fmt.Errorf("UTF-16 text that does not decode, save it as UTF-8: %w", ErrWrongType)
		}
	}
	return string(runes), nil
}

// looksUTF16 reports whether data looks like ASCII text in UTF-16: every
// other byte zero.
func looksUTF16(data []byte) bool {
	n := min(len(data), 512) &^ 1
	if n < 4 {
		return false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	return even > half*9/10 && odd <= half/10 || odd > half*9/10 && even <= half/10
}

func invalidOffset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// controlRatio is the share of control characters, other than whitespace,
// among the runes of s.
func controlRatio(s string) float64 {
	var n, bad int
	for _, r := range s {
		n++
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f' && r != '\v' {
			bad++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(bad) / float64(n)
}

// hasWords reports whether s holds at least one letter or digit.
func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// bulletRunes start a list item even without a following space.
const bulletRunes = "•●○◦▪■□‣⁃∙·➢➤►▶✓✔❖◆◇"

// dashBullets start a list item only when a space follows.
var dashBullets = []string{"- ", "* ", "+ ", "– ", "— "}

// privateBullets are the private-use code points that symbol fonts (such
// as Symbol and Wingdings) use for bullets.
var privateBullets = map[rune]bool{0xF0B7: true, 0xF0A7: true, 0xF076: true, 0xF0D8: true, 0xF0FC: true, 0xF06E: true}

var ligatures = [...]string{"ff", "fi", "fl", "ffi", "ffl", "st", "st"}

// normalize cleans extracted text: LF line breaks, at most one blank line
// between paragraphs, bullets as "- ", runs of spaces collapsed (runs that
// hold a tab become one tab), lines trimmed, ligatures spelt out, control,
// format and invalid characters removed.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\v' || r == 0x2028 || r == 0x85:
			b.WriteByte('\n')
		case r == '\f' || r == 0x2029:
			b.WriteString("\n\n")
		case r == '\t':
			b.WriteByte('\t')
		case r == utf8.RuneError, r == 0xFEFF, r == 0x00AD:
		case privateBullets[r]:
			b.WriteRune('•')
		case r >= 0xFB00 && r <= 0xFB06: // typographic ligatures, common in PDFs
			b.WriteString(ligatures[r-0xFB00])
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r):
		default:
			b.WriteRune(r)
		}
	}

	var out []string
	blank, bullet := false, false
	for line := range strings.SplitSeq(b.String(), "\n") {
		line = collapseSpaces(line)
		item := false
		for _, p := range dashBullets {
			if rest, ok := strings.CutPrefix(line, p); ok {
				line, item = strings.TrimSpace(rest), true
				break
			}
		}
		if !item {
			if r, size := utf8.DecodeRuneInString(line); size > 0 && strings.ContainsRune(bulletRunes, r) {
				line, item = strings.TrimSpace(line[size:]), true
			}
		}
		if item && line == "" {
			bullet = true // a bullet alone on its line marks the next line
			continue
		}
		if line == "" {
			blank = len(out) > 0
			continue
		}
		if blank && !bullet {
			out = append(out, "")
		}
		if item || bullet {
			line = "- " + line
		}
		out = append(out, line)
		blank, bullet = false, false
	}
	return strings.Join(out, "\n")
}

// collapseSpaces trims line and turns each run of spaces and tabs into one
// space, or one tab if the run holds a tab.
func collapseSpaces(line string) string {
	line = strings.Trim(line, " \t")
	if !strings.Contains(line, "  ") && !strings.Contains(line, "\t ") && !strings.Contains(line, " \t") && !strings.Contains(line, "\t\t") {
		return line
	}
	var b strings.Builder
	b.Grow(len(line))
	for i := 0; i < len(line); {
		if line[i] != ' ' && line[i] != '\t' {
			b.WriteByte(line[i])
			i++
			continue
		}
		tab := false
		for ; i < len(line) && (line[i] == ' ' || line[i] == '\t'); i++ {
			tab = tab || line[i] == '\t'
		}
		if tab {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

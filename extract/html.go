package extract

import (
	"bytes"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// lineKind is the block role of one line of a posting.
type lineKind uint8

const (
	linePara    lineKind = iota // a paragraph or plain line
	lineHeading                 // a heading
	lineBullet                  // a list item
)

// docLine is one line of the text the extractor reads.
type docLine struct {
	kind lineKind
	text string // without the "- " of a list item
}

// HTMLToText renders posting HTML as plain text: one line per block,
// headings on their own lines, list items as "- item" lines, and a blank
// line between blocks. Scripts, styles and comments are dropped and
// whitespace is collapsed.
func HTMLToText(s string) string {
	w := walkHTML(s)
	size := 0
	for _, sp := range w.spans {
		size += sp.end - sp.start + 4
	}
	var b strings.Builder
	b.Grow(size)
	for i, sp := range w.spans {
		if i > 0 {
			b.WriteByte('\n')
			if sp.kind == lineHeading {
				b.WriteByte('\n')
			}
		}
		if sp.kind == lineBullet {
			b.WriteString("- ")
		}
		b.Write(w.arena[sp.start:sp.end])
	}
	if len(w.spans) > 0 {
		b.WriteByte('\n')
	}
	return b.String()
}

// htmlLines reads HTML into lines with one pass of the HTML tokenizer (no
// tree is built). It never fails: the tokenizer recovers from any input.
func htmlLines(s string) []docLine {
	return walkHTML(s).finish()
}

// walkHTML reads HTML into the walker's arena and line spans.
func walkHTML(s string) *htmlWalker {
	w := &htmlWalker{boldAll: true, arena: make([]byte, 0, len(s)+16), spans: make([]lineSpan, 0, len(s)/128+4)}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			w.flush()
			return w
		case html.TextToken:
			if w.skip == 0 {
				w.text(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			if a := rawTagAtom(z.Raw()); a != 0 {
				w.tag(a, tt)
			}
		}
	}
}

// rawTagAtom reads the element name of a raw tag ("<H2 class=x>",
// "</li>") without allocating; 0 for a name that is not a known atom.
func rawTagAtom(raw []byte) atom.Atom {
	var buf [12]byte
	i := 1
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	n := 0
	for ; i < len(raw) && asciiWord[raw[i]]; i++ {
		if n == len(buf) {
			return 0
		}
		c := raw[i]
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return atom.Lookup(buf[:n])
}

// lineSpan is one finished line: its kind and byte range in the arena.
type lineSpan struct {
	kind       lineKind
	start, end int
}

type htmlWalker struct {
	arena   []byte     // the text of every line, back to back
	spans   []lineSpan // finished lines
	line    int        // where the current line starts in arena
	kind    lineKind
	boldAll bool // every word of the current line so far is bold
	bold    int  // depth of open <b>/<strong> elements
	pre     int  // depth of open <pre> elements
	space   bool // a space is due before the next word
	skip    int  // depth of open elements whose content is dropped
	skipA   atom.Atom
}

// tag applies one start, self-closing or end tag.
func (w *htmlWalker) tag(a atom.Atom, tt html.TokenType) {
	start, end := tt == html.StartTagToken, tt == html.EndTagToken
	if w.skip > 0 {
		switch {
		case a != w.skipA:
		case start:
			w.skip++
		case end:
			w.skip--
		}
		return
	}
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title, atom.Svg, atom.Iframe,
		atom.Button, atom.Form, atom.Textarea, atom.Select:
		if start {
			w.skip, w.skipA = 1, a
		}
	case atom.Br, atom.Hr:
		w.flush()
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush()
		if !end {
			w.kind = lineHeading
		}
	case atom.Li, atom.Dt:
		w.flush()
		if !end {
			w.kind = lineBullet
		}
	case atom.B, atom.Strong:
		switch {
		case start:
			w.bold++
		case end && w.bold > 0:
			w.bold--
		}
	case atom.Pre:
		w.flush()
		switch {
		case start:
			w.pre++
		case end && w.pre > 0:
			w.pre--
		}
	case atom.P, atom.Div, atom.Ul, atom.Ol, atom.Dl, atom.Dd, atom.Table, atom.Tr, atom.Section,
		atom.Article, atom.Header, atom.Footer, atom.Blockquote, atom.Main, atom.Aside, atom.Nav,
		atom.Figure, atom.Figcaption, atom.Address, atom.Body, atom.Html:
		w.flush()
	case atom.Td, atom.Th:
		if end {
			w.space = true
		}
	}
}

func (w *htmlWalker) flush() {
	k := w.kind
	if t := bytes.TrimSpace(w.arena[w.line:]); len(t) > 0 {
		start := len(w.arena) - len(bytes.TrimLeftFunc(w.arena[w.line:], unicode.IsSpace))
		if k == linePara && w.boldAll && looksLikeHeading(string(t), true) {
			k = lineHeading
		}
		w.spans = append(w.spans, lineSpan{kind: k, start: start, end: start + len(t)})
		w.line = len(w.arena)
	} else {
		w.arena = w.arena[:w.line]
	}
	w.kind = linePara
	w.boldAll = true
	w.space = false
}

// finish returns the lines, their texts cut from one string.
func (w *htmlWalker) finish() []docLine {
	all := string(w.arena)
	lines := make([]docLine, len(w.spans))
	for i, sp := range w.spans {
		lines[i] = docLine{kind: sp.kind, text: all[sp.start:sp.end]}
	}
	return lines
}

func (w *htmlWalker) text(s []byte) {
	if w.pre == 0 {
		w.appendWords(s)
		return
	}
	for {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			w.appendWords(s)
			return
		}
		w.appendWords(s[:i])
		w.flush()
		s = s[i+1:]
	}
}

// appendWords adds text with runs of white space (and no-break spaces)
// collapsed to one space.
func (w *htmlWalker) appendWords(s []byte) {
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			w.space = true
			i++
			continue
		}
		if c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0 { // U+00A0
			w.space = true
			i += 2
			continue
		}
		j := i + 1
		for j < len(s) {
			c := s[j]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xC2 && j+1 < len(s) && s[j+1] == 0xA0 {
				break
			}
			j++
		}
		if len(w.arena) > w.line && w.space {
			w.arena = append(w.arena, ' ')
		}
		w.space = false
		w.arena = append(w.arena, s[i:j]...)
		if w.bold == 0 {
			w.boldAll = false
		}
		i = j
	}
}

// textLines reads plain text or light markdown into lines: "#" headings,
// lines that are wholly bold, short lines ending in ':' and short lines
// without closing punctuation become headings; "-", "*", "•" and numbered
// items become list items; markdown emphasis and escapes are removed.
func textLines(s string) []docLine {
	var lines []docLine
	raw := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	raw = splitGluedBullets(raw)
	for i, l := range raw {
		l = strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " "))
		if l == "" {
			continue
		}
		kind := linePara
		heading := false
		if strings.HasPrefix(l, "#") {
			l = strings.TrimSpace(strings.TrimLeft(l, "#"))
			heading = true
		}
		l = unescapeMarkdown(l)
		if b, ok := bulletText(l); ok {
			l = b
			kind = lineBullet
		}
		bold := false
		if strings.HasPrefix(l, "**") || strings.HasPrefix(l, "__") {
			inner := strings.TrimRight(strings.TrimSpace(l), ":")
			if strings.HasSuffix(inner, "**") || strings.HasSuffix(inner, "__") {
				bold = strings.Count(l, "**") == 2 || strings.Count(l, "__") == 2
			}
		}
		l = strings.TrimSpace(stripEmphasis(l))
		l = strings.Trim(l, "-—–= ")
		if l == "" {
			continue
		}
		if kind == linePara && (heading || looksLikeHeading(l, bold) || leadsList(l, raw, i)) && hasTextAfter(raw, i) {
			kind = lineHeading
		}
		lines = append(lines, docLine{kind: kind, text: l})
	}
	return lines
}

// leadsList reports whether line i, l, is a short unpunctuated lead-in
// directly followed by a list ("We'd love to hear from you if you have"
// then bullets): such a line heads the list as a heading would.
func leadsList(l string, raw []string, i int) bool {
	if len(l) > 90 || countWords(l, 11) > 10 || strings.IndexByte(".,;!?)", l[len(l)-1]) >= 0 {
		return false
	}
	for _, next := range raw[i+1:] {
		if next = strings.TrimSpace(next); next != "" {
			_, ok := bulletText(next)
			return ok
		}
	}
	return false
}

func hasTextAfter(raw []string, i int) bool {
	for _, l := range raw[i+1:] {
		if strings.TrimSpace(l) != "" {
			return true
		}
	}
	return false
}

// bulletText strips a list marker from the start of a line.
func bulletText(l string) (string, bool) {
	for _, m := range []string{"- ", "* ", "+ ", "\u2022", "\u25cf", "\u25aa", "\u00b7", "\u2013 ", "\u2014 ", "\u25e6", "\u27a2", "\u2023", "o "} {
		if strings.HasPrefix(l, m) {
			if m == "* " && strings.HasPrefix(l, "**") {
				continue
			}
			return strings.TrimSpace(l[len(m):]), true
		}
	}
	// "1." "2)" "a."
	j := 0
	for j < len(l) && j < 3 && l[j] >= '0' && l[j] <= '9' {
		j++
	}
	if j > 0 && j+1 < len(l) && (l[j] == '.' || l[j] == ')') && l[j+1] == ' ' {
		return strings.TrimSpace(l[j+2:]), true
	}
	return l, false
}

func unescapeMarkdown(l string) string {
	if !strings.Contains(l, `\`) {
		return l
	}
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		if l[i] == '\\' && i+1 < len(l) && strings.IndexByte("-*_#.()[]!+`>|&", l[i+1]) >= 0 {
			continue
		}
		b.WriteByte(l[i])
	}
	return b.String()
}

func stripEmphasis(l string) string {
	if strings.Contains(l, "**") {
		l = strings.ReplaceAll(l, "**", "")
	}
	if strings.Contains(l, "__") {
		l = strings.ReplaceAll(l, "__", "")
	}
	return l
}

// looksLikeHeading reports whether a line reads as a heading: short, and
// either ending in ':' or without closing punctuation (bold lines may be a
// little longer).
func looksLikeHeading(l string, bold bool) bool {
	if len(l) == 0 || len(l) > 90 {
		return false
	}
	words := countWords(l, 11)
	if strings.HasSuffix(l, "...") || strings.HasSuffix(l, "\u2026") {
		return strings.TrimRight(l, ".\u2026 ") != "" && words <= 10
	}
	last := l[len(l)-1]
	if last == ':' {
		return words <= 10
	}
	if strings.IndexByte(".,;!?)", last) >= 0 {
		return false
	}
	if bold {
		return words <= 10
	}
	return words <= 6 && !strings.Contains(l, ". ")
}

// countWords counts the space-separated words of s, stopping at limit.
func countWords(s string, limit int) int {
	n := 0
	in := false
	for i := 0; i < len(s) && n < limit; i++ {
		if c := s[i]; c == ' ' || c == '\t' {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// render joins lines into the text the extractor reads and returns each
// line's byte range in it. Headings get a blank line before them; list
// items are written "- item".
func render(lines []docLine) (string, [][2]int) {
	var b strings.Builder
	size := 0
	for _, l := range lines {
		size += len(l.text) + 4
	}
	b.Grow(size)
	spans := make([][2]int, len(lines))
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
			if l.kind == lineHeading {
				b.WriteByte('\n')
			}
		}
		start := b.Len()
		if l.kind == lineBullet {
			b.WriteString("- ")
		}
		b.WriteString(l.text)
		spans[i] = [2]int{start, b.Len()}
	}
	if len(lines) > 0 {
		b.WriteByte('\n')
	}
	return b.String(), spans
}

// splitGluedBullets splits lines where list items were run together
// ("...schedules- Thorough understanding...", "...experience.* Minimum of
// ..."): a "-" or "*" right after a word or full stop, then a space and a
// capital letter, starts a new item when a line holds two or more of them.
func splitGluedBullets(raw []string) []string {
	var out []string
	for _, l := range raw {
		cuts := gluedBulletCuts(l)
		if len(cuts) < 2 {
			out = append(out, l)
			continue
		}
		prev := 0
		for _, c := range cuts {
			out = append(out, l[prev:c])
			prev = c
		}
		out = append(out, l[prev:])
	}
	return out
}

func gluedBulletCuts(l string) []int {
	var cuts []int
	for i := 1; i+2 < len(l); i++ {
		j := strings.IndexAny(l[i:], "-*")
		if j < 0 {
			break
		}
		i += j
		if i+2 >= len(l) {
			break
		}
		p := l[i-1]
		if !(p >= 'a' && p <= 'z' || p >= '0' && p <= '9' || p == '.' || p == ')' || p == '"') {
			continue
		}
		if l[i+1] != ' ' || !(l[i+2] >= 'A' && l[i+2] <= 'Z') {
			continue
		}
		cuts = append(cuts, i)
	}
	return cuts
}

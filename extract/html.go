package extract

import (
	"strings"

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
	text, _ := render(htmlLines(s))
	return text
}

// htmlLines parses HTML into lines. It never fails: the HTML parser
// recovers from any input.
func htmlLines(s string) []docLine {
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return textLines(s)
	}
	w := &htmlWalker{boldAll: true}
	w.walk(root)
	w.flush()
	return w.lines
}

type htmlWalker struct {
	lines   []docLine
	cur     strings.Builder
	kind    lineKind
	boldAll bool // every word of the current line so far is bold
	bold    int  // depth of <b>/<strong> elements
	pre     int
	space   bool // a space is due before the next word
}

func (w *htmlWalker) flush() {
	t := strings.TrimSpace(w.cur.String())
	w.cur.Reset()
	k := w.kind
	if t != "" {
		if k == linePara && w.boldAll && looksLikeHeading(t, true) {
			k = lineHeading
		}
		w.lines = append(w.lines, docLine{kind: k, text: t})
	}
	w.kind = linePara
	w.boldAll = true
	w.space = false
}

func (w *htmlWalker) text(s string) {
	if w.pre > 0 {
		for i, part := range strings.Split(s, "\n") {
			if i > 0 {
				w.flush()
			}
			w.appendWords(part)
		}
		return
	}
	w.appendWords(s)
}

func (w *htmlWalker) appendWords(s string) {
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0' {
			w.space = true
			continue
		}
		if w.cur.Len() > 0 && w.space {
			w.cur.WriteByte(' ')
		}
		w.space = false
		w.cur.WriteRune(r)
		if w.bold == 0 {
			w.boldAll = false
		}
	}
}

func (w *htmlWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.CommentNode, html.DoctypeNode:
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Svg, atom.Iframe, atom.Button, atom.Form:
			return
		case atom.Br, atom.Hr:
			w.flush()
			return
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			w.flush()
			w.kind = lineHeading
			w.children(n)
			w.flush()
			return
		case atom.Li, atom.Dt:
			w.flush()
			w.kind = lineBullet
			w.children(n)
			w.flush()
			return
		case atom.B, atom.Strong:
			w.bold++
			w.children(n)
			w.bold--
			return
		case atom.Pre:
			w.flush()
			w.pre++
			w.children(n)
			w.pre--
			w.flush()
			return
		case atom.P, atom.Div, atom.Ul, atom.Ol, atom.Dl, atom.Dd, atom.Table, atom.Tr, atom.Section,
			atom.Article, atom.Header, atom.Footer, atom.Blockquote, atom.Main, atom.Aside, atom.Nav,
			atom.Figure, atom.Figcaption, atom.Address, atom.Body, atom.Html:
			w.flush()
			w.children(n)
			w.flush()
			return
		case atom.Td, atom.Th:
			w.children(n)
			w.space = true
			return
		}
	}
	w.children(n)
}

func (w *htmlWalker) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
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
		if kind == linePara && (heading || looksLikeHeading(l, bold)) && hasTextAfter(raw, i) {
			kind = lineHeading
		}
		lines = append(lines, docLine{kind: kind, text: l})
	}
	return lines
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

package resume

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// PDF limits. The parser reads objects through budgetReaderAt, so a file
// whose cross references loop (or that is just too complex) stops with
// errPDFBudget instead of spinning; content streams are measured before
// they are interpreted.
const (
	pdfReadFactor  = 8        // bytes read, as a multiple of the file size …
	pdfReadExtra   = 32 << 20 // … plus this
	pdfMaxContent  = 32 << 20 // decompressed content streams, all pages
	pdfMaxNodes    = 10000    // page tree nodes visited
	pdfMaxDepth    = 64       // page tree depth
	pdfMaxStateLen = 256      // q/Q nesting kept
)

var errPDFBudget = errors.New("pdf read budget exhausted")

// budgetReaderAt serves the file to the PDF parser, panicking with
// errPDFBudget once too many bytes have been read. head, if set, replaces
// the first bytes (the version header) of the file.
type budgetReaderAt struct {
	data []byte
	head []byte
	left int64
}

func (b *budgetReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	b.left -= int64(len(p))
	if b.left < 0 {
		panic(errPDFBudget)
	}
	if off >= int64(len(b.data)) {
		return 0, io.EOF
	}
	n := copy(p, b.data[off:])
	if off < int64(len(b.head)) {
		copy(p, b.head[off:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// readPDF extracts the text of a PDF that starts at data[0].
func readPDF(data []byte) (doc *Document, err error) {
	end := bytes.LastIndex(data, []byte("%%EOF"))
	if end < 0 {
		return nil, fmt.Errorf("PDF ends early (no %%%%EOF; truncated?): %w", ErrCorrupt)
	}
	data = data[:end+5]
	ra := &budgetReaderAt{data: data, left: pdfReadFactor*int64(len(data)) + pdfReadExtra}
	// The parser knows PDF 1.0-1.7 headers only; later files read the same.
	if len(data) > 9 && !(data[5] == '1' && data[6] == '.' && data[7] >= '0' && data[7] <= '7' && (data[8] == '\r' || data[8] == '\n')) {
		ra.head = []byte("%PDF-1.7\n")
	}
	defer func() {
		if x := recover(); x != nil {
			doc = nil
			if x == errPDFBudget {
				err = fmt.Errorf("PDF is too complex or loops on itself: %w", ErrCorrupt)
				return
			}
			err = fmt.Errorf("PDF does not parse (%v): %w", x, ErrCorrupt)
		}
	}()

	r, err := pdf.NewReader(ra, int64(len(data)))
	if err != nil {
		switch {
		case errors.Is(err, pdf.ErrInvalidPassword), bytes.Contains(data, []byte("/Encrypt")):
			return nil, fmt.Errorf("PDF is encrypted: %w", ErrEncrypted)
		case errors.Is(err, errPDFBudget):
			return nil, fmt.Errorf("PDF is too complex or loops on itself: %w", ErrCorrupt)
		}
		return nil, fmt.Errorf("PDF does not parse (%v): %w", err, ErrCorrupt)
	}

	var pages []pdf.Value
	nodes := pdfMaxNodes
	if !collectPages(r.Trailer().Key("Root").Key("Pages"), 0, &nodes, &pages) {
		return nil, fmt.Errorf("PDF page tree is too deep or loops on itself: %w", ErrCorrupt)
	}

	var (
		out     strings.Builder
		content int64 = pdfMaxContent
		failed  int
		lastErr any
	)
	for i, p := range pages {
		if i > 0 {
			out.WriteString("\n\n")
		}
		text, perr := pageText(p, &content)
		if perr != nil {
			if errors.Is(perr, ErrTooLarge) {
				return nil, perr
			}
			failed++
			lastErr = perr
			continue
		}
		out.WriteString(text)
		if out.Len() > MaxTextSize {
			return nil, fmt.Errorf("PDF holds over %s of text: %w", sizeString(MaxTextSize), ErrTooLarge)
		}
	}
	text := normalize(out.String())
	if failed > 0 && !hasWords(text) {
		return nil, fmt.Errorf("PDF pages do not parse (%v): %w", lastErr, ErrCorrupt)
	}
	return &Document{Kind: KindPDF, Text: text, Pages: len(pages)}, nil
}

// collectPages walks the page tree depth first, within a node budget so
// that a tree that loops on itself ends; it reports false if the tree is
// too deep or too large.
func collectPages(v pdf.Value, depth int, nodes *int, pages *[]pdf.Value) bool {
	if v.Kind() != pdf.Dict {
		return true
	}
	if depth > pdfMaxDepth || *nodes <= 0 {
		return false
	}
	*nodes--
	kids := v.Key("Kids")
	if v.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
		if v.Key("Type").Name() == "Page" || v.Key("Contents").Kind() != pdf.Null {
			*pages = append(*pages, v)
		}
		return true
	}
	for i := 0; i < kids.Len(); i++ {
		if !collectPages(kids.Index(i), depth+1, nodes, pages) {
			return false
		}
	}
	return true
}

// pageText extracts the text of one page. Panics of the parser become
// errors, except errPDFBudget, which ends the whole file.
func pageText(page pdf.Value, content *int64) (text string, err error) {
	defer func() {
		if x := recover(); x != nil {
			if x == errPDFBudget {
				panic(x)
			}
			if e, ok := x.(error); ok && errors.Is(e, ErrTooLarge) {
				text, err = "", e
				return
			}
			text, err = "", fmt.Errorf("%v", x)
		}
	}()
	strm := page.Key("Contents")
	if strm.Kind() == pdf.Null {
		return "", nil
	}
	// Measure the content first, so a compression bomb is refused before
	// it is interpreted.
	measure := func(s pdf.Value) {
		if s.Kind() != pdf.Stream {
			return
		}
		rc := s.Reader()
		n, _ := io.Copy(io.Discard, io.LimitReader(rc, *content+1))
		rc.Close()
		*content -= n
	}
	if strm.Kind() == pdf.Array {
		for i := 0; i < strm.Len() && *content >= 0; i++ {
			measure(strm.Index(i))
		}
	} else {
		measure(strm)
	}
	if *content < 0 {
		return "", fmt.Errorf("PDF content expands to over %s: %w", sizeString(pdfMaxContent), ErrTooLarge)
	}
	w := &textWriter{page: page, fonts: map[string]*pdfFont{}}
	w.ctm, w.scale = identity, 1
	pdf.Interpret(strm, w.do)
	return w.out.String(), nil
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (m applied first).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// pdfFont caches what text extraction needs of a font.
type pdfFont struct {
	enc    pdf.TextEncoding
	twoB   bool // two-byte codes (Type0 fonts)
	first  int
	widths []float64
}

// width returns the advance of code in thousandths of an em, guessing
// when the font gives no widths (as the standard 14 fonts need not).
func (f *pdfFont) width(code int) float64 {
	if i := code - f.first; i >= 0 && i < len(f.widths) && f.widths[i] > 0 {
		return f.widths[i]
	}
	if code == ' ' && !f.twoB {
		return 278
	}
	return 500
}

// textState is the part of the graphics state that text extraction needs.
type textState struct {
	ctm           matrix
	font          *pdfFont
	size          float64
	charSp, words float64
	scale         float64
	leading       float64
	rise          float64
}

// textWriter turns content-stream operators into lines of text: a new
// line where the baseline moves, a space where the pen jumps forward.
type textWriter struct {
	page  pdf.Value
	fonts map[string]*pdfFont
	textState
	stack    []textState
	tm, tlm  matrix
	out      strings.Builder
	started  bool
	lastX    float64 // where the last text ended, in device space
	lastY    float64
	lastSize float64
}

func (w *textWriter) font(name string) *pdfFont {
	if f, ok := w.fonts[name]; ok {
		return f
	}
	pf := w.page.Key("Resources").Key("Font").Key(name)
	for p := w.page; pf.Kind() == pdf.Null; {
		// resources inherited from the page tree
		if p = p.Key("Parent"); p.Kind() != pdf.Dict {
			break
		}
		pf = p.Key("Resources").Key("Font").Key(name)
	}
	f := &pdfFont{enc: nil}
	if pf.Kind() == pdf.Dict {
		font := pdf.Font{V: pf}
		f.enc = font.Encoder()
		f.twoB = pf.Key("Subtype").Name() == "Type0"
		f.first = font.FirstChar()
		if ws := pf.Key("Widths"); ws.Kind() == pdf.Array {
			for i := 0; i < ws.Len() && i < 65536; i++ {
				f.widths = append(f.widths, ws.Index(i).Float64())
			}
		}
	}
	if len(w.fonts) < 1000 {
		w.fonts[name] = f
	}
	return f
}

func (w *textWriter) do(stk *pdf.Stack, op string) {
	args := make([]pdf.Value, stk.Len())
	for i := len(args) - 1; i >= 0; i-- {
		args[i] = stk.Pop()
	}
	num := func(i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}
	mat := func() matrix {
		var m matrix
		for i := range m {
			m[i] = num(i)
		}
		return m
	}
	switch op {
	case "q":
		if len(w.stack) < pdfMaxStateLen {
			w.stack = append(w.stack, w.textState)
		}
	case "Q":
		if n := len(w.stack); n > 0 {
			w.textState = w.stack[n-1]
			w.stack = w.stack[:n-1]
		}
	case "cm":
		w.ctm = mat().mul(w.ctm)
	case "BT":
		w.tm, w.tlm = identity, identity
		if w.scale == 0 {
			w.scale = 1
		}
	case "Tf":
		if len(args) == 2 {
			w.textState.font = w.font(args[0].Name())
			w.size = args[1].Float64()
		}
	case "Tc":
		w.charSp = num(0)
	case "Tw":
		w.words = num(0)
	case "Tz":
		w.scale = num(0) / 100
	case "TL":
		w.leading = num(0)
	case "Ts":
		w.rise = num(0)
	case "Td":
		w.moveLine(num(0), num(1))
	case "TD":
		w.leading = -num(1)
		w.moveLine(num(0), num(1))
	case "Tm":
		w.tm = mat()
		w.tlm = w.tm
	case "T*":
		w.moveLine(0, -w.leading)
	case "Tj":
		if len(args) > 0 {
			w.show(args[len(args)-1].RawString())
		}
	case "'", "\"":
		if op == "\"" && len(args) == 3 {
			w.words, w.charSp = num(0), num(1)
		}
		w.moveLine(0, -w.leading)
		if len(args) > 0 {
			w.show(args[len(args)-1].RawString())
		}
	case "TJ":
		if len(args) == 0 {
			return
		}
		a := args[0]
		for i := 0; i < a.Len(); i++ {
			x := a.Index(i)
			if x.Kind() == pdf.String {
				w.show(x.RawString())
			} else {
				w.advance(-x.Float64() / 1000 * w.size * w.hscale())
			}
		}
	}
}

func (w *textWriter) hscale() float64 {
	if w.scale == 0 {
		return 1
	}
	return w.scale
}

func (w *textWriter) moveLine(tx, ty float64) {
	w.tlm = matrix{1, 0, 0, 1, tx, ty}.mul(w.tlm)
	w.tm = w.tlm
}

func (w *textWriter) advance(tx float64) {
	w.tm = matrix{1, 0, 0, 1, tx, 0}.mul(w.tm)
}

// show writes a string of the current font at the pen, with a line break
// or a space before it as the pen position says, and moves the pen.
func (w *textWriter) show(raw string) {
	if raw == "" {
		return
	}
	f := w.textState.font
	if f == nil {
		f = &pdfFont{}
	}
	var text string
	if f.enc != nil {
		text = f.enc.Decode(raw)
	} else {
		text = raw
	}

	trm := matrix{w.size * w.hscale(), 0, 0, w.size, 0, w.rise}.mul(w.tm).mul(w.ctm)
	x, y := trm[4], trm[5]
	size := math.Hypot(trm[2], trm[3]) // the font size on the page
	if size < 0.1 {
		size = 0.1
	}
	if w.started {
		lineSize := max(size, w.lastSize)
		dy := math.Abs(y - w.lastY)
		switch {
		case dy > 1.8*lineSize:
			w.out.WriteString("\n\n")
		case dy > 0.5*lineSize:
			w.out.WriteByte('\n')
		case x > w.lastX+0.15*lineSize || x < w.lastX-2*lineSize:
			w.out.WriteByte(' ')
		}
	}
	w.out.WriteString(text)
	if w.out.Len() > MaxTextSize {
		panic(fmt.Errorf("page holds over %s of text: %w", sizeString(MaxTextSize), ErrTooLarge))
	}

	// Advance the pen by the glyph widths.
	var tx float64
	step := 1
	if f.twoB {
		step = 2
	}
	for i := 0; i+step <= len(raw); i += step {
		code := int(raw[i])
		if step == 2 {
			code = code<<8 | int(raw[i+1])
		}
		tx += f.width(code)/1000*w.size + w.charSp
		if step == 1 && raw[i] == ' ' {
			tx += w.words
		}
	}
	w.advance(tx * w.hscale())
	end := matrix{w.size * w.hscale(), 0, 0, w.size, 0, w.rise}.mul(w.tm).mul(w.ctm)
	w.lastX, w.lastY, w.lastSize, w.started = end[4], end[5], size, true
}

package extract

// MatchCount tokenises text and runs the extractor's phrase matcher over
// it, returning the number of phrase occurrences. Tests use it to measure
// the matcher alone.
func MatchCount(x *Extractor, text string) int {
	sc := x.pool.Get().(*scratch)
	defer x.pool.Put(sc)
	sc.ts.tokenize(text)
	sc.matches = x.m.find(&sc.ts, sc.matches[:0])
	return len(sc.matches)
}

// TokenizeCount tokenises text and returns the number of tokens.
func TokenizeCount(x *Extractor, text string) int {
	sc := x.pool.Get().(*scratch)
	defer x.pool.Put(sc)
	sc.ts.tokenize(text)
	return len(sc.ts.toks)
}

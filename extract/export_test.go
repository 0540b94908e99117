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

// Phrases returns every phrase compiled into the extractor's matcher
// (aliases, cues, signal and attribute phrases), in pattern order.
func Phrases(x *Extractor) []string {
	return append([]string(nil), x.m.phrases...)
}

// AmbiguousAlias is an alias the taxonomy only counts with context, or a
// short plain alias worth watching for false positives.
type AmbiguousAlias struct {
	Skill, Phrase string
	CaseSensitive bool
	Near          []string
	Plain         bool // a plain alias of at most four letters
}

// AmbiguousAliases lists the one-word aliases whose hits are worth
// measuring: every ambiguous entry and every plain alias of at most four
// letters.
func AmbiguousAliases(t *Taxonomy) []AmbiguousAlias {
	var out []AmbiguousAlias
	for _, s := range t.skills {
		for _, a := range s.Ambiguous {
			out = append(out, AmbiguousAlias{Skill: s.ID, Phrase: a.Phrase, CaseSensitive: a.CaseSensitive, Near: a.Near})
		}
		for _, a := range s.Aliases {
			if len(a) <= 4 && len(phraseKeys(a)) == 1 {
				out = append(out, AmbiguousAlias{Skill: s.ID, Phrase: a, Plain: true})
			}
		}
	}
	return out
}

// Key returns the normalised key of a one-word phrase ("" for none), as
// the matcher compares words.
func Key(word string) string {
	k := phraseKeys(word)
	if len(k) != 1 {
		return ""
	}
	return k[0]
}

// WordSpans tokenises text and returns, for each token, its byte span and
// normalised key.
func WordSpans(text string) (spans [][2]int, keys []string) {
	var ts tokens
	ts.tokenize(text)
	for i := range ts.toks {
		spans = append(spans, [2]int{int(ts.toks[i].start), int(ts.toks[i].end)})
		keys = append(keys, string(ts.key(i)))
	}
	return spans, keys
}

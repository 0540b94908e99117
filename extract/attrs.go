package extract

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/skilldemand/skilldemand"
)

// attrPhrases are matched by a small matcher of their own.
const (
	attrBachelor = iota
	attrMaster
	attrPhD
	attrRemote
	attrHybrid
	attrOnsite
	attrYears
	numAttr
)

var attrPhrases = [numAttr][]string{
	attrBachelor: {
		"bachelor", "ba bs", "bs ba", "ba", "bs", "b s", "b a", "bsc", "beng", "b tech", "btech",
		"undergraduate degree", "4 year degree", "four year degree", "college degree", "university degree",
		"degree in", "a degree", "technical degree", "engineering degree", "relevant degree", "related degree",
		"degree or equivalent", "degree required",
	},
	attrMaster: {
		"master degree", "master of", "master in", "master or", "or master", "ms in", "ms degree", "m s", "msc",
		"mba", "meng", "m tech", "graduate degree", "advanced degree", "ms or", "or ms", "ms phd", "bs ms",
	},
	attrPhD:    {"phd", "ph d", "doctorate", "doctoral"},
	attrRemote: {"remote", "fully remote", "remote first", "work from home", "wfh", "remote friendly", "distributed company", "work from anywhere"},
	attrHybrid: {"hybrid", "days per week in", "days a week in", "days per week", "days a week", "in office * days", "in the office * days"},
	attrOnsite: {"onsite", "on site", "in office", "in the office", "in person", "office based", "on premise", "relocate to"},
	attrYears:  {"year", "yr"},
}

var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}

// attributes reads seniority, years, degree, workplace and salary.
func (x *Extractor) attributes(sc *scratch, e *skilldemand.Extraction, p *skilldemand.Posting) skilldemand.Attributes {
	var a skilldemand.Attributes
	if p != nil {
		a.Seniority = Seniority(p.Title)
		a.Workplace = p.Workplace
		if p.Salary != nil {
			s := *p.Salary
			annualise(&s)
			a.Salary = &s
		}
	}
	ts := &sc.ts
	kindAt := func(pos int32) skilldemand.SectionKind {
		i := sort.Search(len(e.Sections), func(i int) bool { return e.Sections[i].End > int(pos) })
		if i < len(e.Sections) && e.Sections[i].Start <= int(pos) {
			return e.Sections[i].Kind
		}
		return skilldemand.SectionOther
	}
	var ms []match
	for _, mt := range sc.matches {
		if x.m.pats[mt.pat].kind == patAttr {
			ms = append(ms, mt)
		}
	}
	var workplace [numAttr]bool
	bestDeg, bestDegRank := "", 0
	degLevel := map[int]string{attrBachelor: skilldemand.DegreeBachelor, attrMaster: skilldemand.DegreeMaster, attrPhD: skilldemand.DegreePhD}
	degOrder := map[string]int{skilldemand.DegreeBachelor: 1, skilldemand.DegreeMaster: 2, skilldemand.DegreePhD: 3}
	yearsReq, yearsAny := 0, 0
	// A generic degree phrase ("degree in") inside a master's or PhD phrase
	// ("Master's degree in") is that higher degree, not a bachelor's.
	higher := func(mt match) bool {
		for _, o := range ms {
			t := x.m.pats[o.pat].target
			if (t == attrMaster || t == attrPhD) && o.first <= mt.last && mt.first <= o.last {
				return true
			}
		}
		return false
	}
	for _, mt := range ms {
		t := int(x.m.pats[mt.pat].target)
		kind := kindAt(ts.toks[mt.first].start)
		switch t {
		case attrRemote, attrHybrid, attrOnsite:
			if kind != skilldemand.SectionEEO && !x.negated(sc, mt.first, mt.last) {
				workplace[t] = true
			}
		case attrBachelor, attrMaster, attrPhD:
			if t == attrBachelor && higher(mt) {
				continue
			}
			st := strengthOf(kind)
			if st == "" || st == skilldemand.StrengthMentioned && p != nil {
				continue
			}
			if x.negated(sc, mt.first, mt.last) {
				if bestDeg == "" {
					bestDeg, bestDegRank = skilldemand.DegreeNone, 1
				}
				continue
			}
			sentPref := sc.sent[sc.tokSent[mt.first]].preferred
			rank := 1
			switch {
			case st == skilldemand.StrengthRequired && !sentPref:
				rank = 3
			case st == skilldemand.StrengthPreferred || sentPref:
				rank = 2
			}
			lvl := degLevel[t]
			// the strongest requirement wins; among equals, the lowest level (the minimum asked)
			if rank > bestDegRank || rank == bestDegRank && degOrder[lvl] < degOrder[bestDeg] {
				bestDeg, bestDegRank = lvl, rank
				a.DegreeStrength = skilldemand.StrengthRequired
				if rank == 2 {
					a.DegreeStrength = skilldemand.StrengthPreferred
				} else if rank == 1 {
					a.DegreeStrength = skilldemand.StrengthMentioned
				}
			}
		case attrYears:
			n := yearsBefore(ts, int(mt.first))
			if n <= 0 || n > 30 {
				continue
			}
			if !yearsOfExperience(ts, int(mt.last)) {
				continue
			}
			switch strengthOf(kind) {
			case skilldemand.StrengthRequired:
				if n > yearsReq {
					yearsReq = n
				}
			case skilldemand.StrengthPreferred, skilldemand.StrengthResponsibility, skilldemand.StrengthMentioned:
				if yearsAny == 0 || n < yearsAny {
					yearsAny = n
				}
			}
		}
	}
	if bestDeg != "" {
		a.Degree = bestDeg
		if bestDeg == skilldemand.DegreeNone {
			a.DegreeStrength = ""
		}
	}
	a.MinYears = yearsReq
	if a.MinYears == 0 {
		a.MinYears = yearsAny
	}
	if a.Workplace == "" {
		switch {
		case workplace[attrHybrid]:
			a.Workplace = skilldemand.WorkplaceHybrid
		case workplace[attrRemote]:
			a.Workplace = skilldemand.WorkplaceRemote
		case workplace[attrOnsite]:
			a.Workplace = skilldemand.WorkplaceOnsite
		}
		if p != nil && a.Workplace == "" && strings.Contains(strings.ToLower(p.Location), "remote") {
			a.Workplace = skilldemand.WorkplaceRemote
		}
	}
	if a.Salary == nil {
		a.Salary = salaryFromText(e)
	}
	return a
}

// yearsBefore reads the number before "years": "5+ years", "3-5 years",
// "five years", "at least 4 years". It returns the lower bound, or 0.
func yearsBefore(ts *tokens, i int) int {
	if ts.toks[i].brk != brkNone && ts.toks[i].brk != brkComma {
		return 0
	}
	j := i - 1
	if j < 0 {
		return 0
	}
	k := string(ts.key(j))
	if k == "plu" || k == "plus" || k == "or more" {
		j--
	}
	if j < 0 {
		return 0
	}
	n := leadingInt(string(ts.key(j)))
	if n <= 0 {
		if w, ok := numberWords[strings.ToLower(ts.raw(j))]; ok {
			n = w
		}
	}
	if n <= 0 {
		return 0
	}
	// a range "3-5 years" or "3 to 5 years": take the lower bound
	if j >= 2 && string(ts.key(j-1)) == "to" {
		if m := leadingInt(string(ts.key(j - 2))); m > 0 && m < n {
			return m
		}
	}
	if j >= 1 && ts.toks[j].brk == brkNone && ts.text[ts.toks[j-1].end:ts.toks[j].start] == "-" {
		if m := leadingInt(string(ts.key(j - 1))); m > 0 && m < n {
			return m
		}
	}
	return n
}

// yearsOfExperience reports whether "years" at i is about experience, not
// the age of a company: "years of experience", "years' experience",
// "years in", "years working", "years managing".
func yearsOfExperience(ts *tokens, i int) bool {
	for j := i + 1; j < len(ts.toks) && j <= i+8; j++ {
		if ts.toks[j].brk >= brkSentence {
			return false
		}
		switch string(ts.key(j)) {
		case "experience", "work", "working", "manag", "lead", "in", "of", "as", "develop", "deliver", "program", "project", "professional", "relevant", "industry", "technical":
			return true
		}
	}
	return false
}

func leadingInt(s string) int {
	n, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i < 3 {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 || i < len(s) && s[i] != '+' {
		return 0
	}
	return n
}

// Seniority reads a level from a job title: intern, junior, mid, senior,
// staff, principal, manager (of people) or director. Titles naming none
// are mid.
func Seniority(title string) string {
	var ts tokens
	ts.tokenize(title)
	has := func(w string) bool {
		for i := range ts.toks {
			if string(ts.key(i)) == w {
				return true
			}
		}
		return false
	}
	peopleManager := false
	for i := range ts.toks {
		if string(ts.key(i)) != "manager" {
			continue
		}
		prev := ""
		if i > 0 && ts.toks[i].brk == brkNone {
			prev = string(ts.key(i - 1))
		}
		switch prev {
		case "program", "project", "product", "delivery", "programme", "account", "release", "operation", "portfolio", "tpm", "launch", "readiness":
			if prev == "tpm" {
				peopleManager = true
			}
		default:
			peopleManager = true
		}
	}
	switch {
	case has("intern") || has("internship") || has("co op") || has("apprentice"):
		return skilldemand.SeniorityIntern
	case has("director") || has("vp") || has("head") || has("chief") || has("vice"):
		return skilldemand.SeniorityDirector
	case peopleManager:
		return skilldemand.SeniorityManager
	case has("principal") || has("distinguished"):
		return skilldemand.SeniorityPrincipal
	case has("staff"):
		return skilldemand.SeniorityStaff
	case has("senior") || has("sr") || has("iii") || has("lead") || has("iv"):
		return skilldemand.SenioritySenior
	case has("junior") || has("jr") || has("entry") || has("associat") || has("graduate") || has("grad"):
		return skilldemand.SeniorityJunior
	}
	return skilldemand.SeniorityMid
}

// money reads an amount with a currency at the start of its input:
// "$150,000", "USD 120k", "€80.000". findMoney only runs it where a
// currency sign or code stands, so most text never meets a regexp.
var money = regexp.MustCompile(`^(USD\s?\$|US\$|CA\$|C\$|AU\$|A\$|USD|CAD|AUD|EUR|GBP|\$|€|£)\s?(\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?)\s?([kK]\b)?`)

// rangeTail reads the upper end of a range after the first amount:
// " - $180,000", " to 150k", " per year - USD$234,000".
var rangeTail = regexp.MustCompile(`^\s*(?:(?:per|a|an|/)\s?(?:year|yr|annum|hour|hr|month|week|day)\s*)?(?:-|–|—|to|and)\s*(?:USD\s?\$|US\$|CA\$|C\$|AU\$|A\$|USD|CAD|AUD|EUR|GBP|\$|€|£)?\s?(\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?)\s?([kK]\b)?`)

var currencyCode = map[string]string{
	"$": "USD", "USD": "USD", "US$": "USD", "USD$": "USD", "CA$": "CAD", "C$": "CAD", "CAD": "CAD",
	"AU$": "AUD", "A$": "AUD", "AUD": "AUD", "EUR": "EUR", "€": "EUR", "GBP": "GBP", "£": "GBP",
}

// salaryFromText reads a pay range from compensation sections (or, failing
// that, from any paragraph that is not about benefits).
func salaryFromText(e *skilldemand.Extraction) *skilldemand.Salary {
	var best *skilldemand.Salary
	for pass := 0; pass < 2 && best == nil; pass++ {
		for _, s := range e.Sections {
			if pass == 0 && s.Kind != skilldemand.SectionCompensation {
				continue
			}
			if pass == 1 && (s.Kind == skilldemand.SectionBenefits || s.Kind == skilldemand.SectionEEO) {
				continue
			}
			if sal := parseSalary(e.Text[s.Start:s.End]); sal != nil {
				best = sal
				break
			}
		}
	}
	return best
}

func parseAmount(num, k string) float64 {
	clean := num
	// "80.000" (European thousands) vs "12.50"
	if strings.Count(clean, ".") == 1 && len(clean)-strings.IndexByte(clean, '.') == 4 && !strings.Contains(clean, ",") {
		clean = strings.ReplaceAll(clean, ".", "")
	}
	if strings.Count(clean, ".") > 1 {
		clean = strings.ReplaceAll(clean, ".", "")
	}
	clean = strings.ReplaceAll(clean, ",", "")
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil {
		return 0
	}
	if k != "" {
		v *= 1000
	}
	return v
}

func parseSalary(text string) *skilldemand.Salary {
	locs := findMoney(text)
	for _, l := range locs {
		cur := strings.ReplaceAll(text[l[2]:l[3]], " ", "")
		lo := parseAmount(text[l[4]:l[5]], sub(text, l, 6))
		if lo <= 0 {
			continue
		}
		hi := lo
		end := l[1]
		if t := rangeTail.FindStringSubmatchIndex(text[l[1]:]); t != nil {
			hiK := sub(text[l[1]:], t, 4)
			hi = parseAmount(text[l[1]+t[2]:l[1]+t[3]], hiK)
			end = l[1] + t[1]
			if hiK != "" && sub(text, l, 6) == "" && lo < 1000 {
				lo *= 1000 // "120 - 150k"
			}
		}
		if hi < lo {
			lo, hi = hi, lo
		}
		tail := strings.ToLower(text[end:min(len(text), end+60)])
		head := strings.ToLower(text[max(0, l[0]-80):l[0]])
		interval := intervalOf(tail, head)
		if interval == "" {
			if lo >= 1000 {
				interval = "year"
			} else {
				interval = "hour"
			}
		}
		s := &skilldemand.Salary{Currency: currencyCode[cur], Interval: interval, Min: lo, Max: hi, Provenance: "text"}
		annualise(s)
		if s.AnnualMin < 5000 || s.AnnualMax > 5e6 {
			continue
		}
		return s
	}
	return nil
}

// currencyStarts lists where a currency sign or code begins, in order.
func currencyStarts(text string) []int {
	var out []int
	for _, sign := range []string{"$", "€", "£", "USD", "EUR", "GBP", "CAD", "AUD", "CA$", "AU$", "C$", "A$"} {
		for from := 0; ; {
			j := strings.Index(text[from:], sign)
			if j < 0 {
				break
			}
			i := from + j
			from = i + len(sign)
			if len(sign) == 3 && i > 0 && isWordByte(text[i-1]) {
				continue
			}
			out = append(out, i)
		}
	}
	sort.Ints(out)
	return out
}

// findMoney returns the submatch indexes of every amount in text, like
// regexp's FindAllStringSubmatchIndex.
func findMoney(text string) [][]int {
	var out [][]int
	end := 0
	for _, start := range currencyStarts(text) {
		if start < end {
			continue
		}
		w := text[start:min(len(text), start+48)]
		m := money.FindStringSubmatchIndex(w)
		if m == nil {
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += start
			}
		}
		out = append(out, m)
		end = m[1]
	}
	return out
}

func sub(s string, loc []int, i int) string {
	if loc[i] < 0 {
		return ""
	}
	return s[loc[i]:loc[i+1]]
}

func intervalOf(tail, head string) string {
	for _, t := range []string{tail, head} {
		switch {
		case strings.Contains(t, "per hour") || strings.Contains(t, "/hr") || strings.Contains(t, "/hour") || strings.Contains(t, "hourly") || strings.Contains(t, "an hour"):
			return "hour"
		case strings.Contains(t, "per month") || strings.Contains(t, "/month") || strings.Contains(t, "monthly") || strings.Contains(t, "/mo"):
			return "month"
		case strings.Contains(t, "per week") || strings.Contains(t, "weekly"):
			return "week"
		case strings.Contains(t, "per day") || strings.Contains(t, "daily") || strings.Contains(t, "/day"):
			return "day"
		case strings.Contains(t, "year") || strings.Contains(t, "annual") || strings.Contains(t, "/yr") || strings.Contains(t, "annum"):
			return "year"
		}
	}
	return ""
}

// annualise fills AnnualMin and AnnualMax from Min, Max and Interval.
func annualise(s *skilldemand.Salary) {
	f := 0.0
	switch s.Interval {
	case "year", "":
		f = 1
	case "month":
		f = 12
	case "week":
		f = 52
	case "day":
		f = 260
	case "hour":
		f = 2080
	}
	if s.AnnualMin == 0 {
		s.AnnualMin = s.Min * f
	}
	if s.AnnualMax == 0 {
		s.AnnualMax = s.Max * f
	}
}

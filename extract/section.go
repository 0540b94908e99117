package extract

import (
	"github.com/skilldemand/skilldemand"
)

// headingCues name the kind of a section from words in its heading. The
// longest matching phrase wins, so "About the role" is the role although
// "about" alone is company boilerplate; between phrases of one length the
// earlier kind wins, so "Preferred Qualifications" is preferred although
// "qualifications" alone is required.
var headingCues = []struct {
	kind    skilldemand.SectionKind
	phrases []string
}{
	{skilldemand.SectionEEO, []string{
		"equal opportunity", "equal employment", "eeo", "diversity", "inclusion", "accommodation",
		"accommodations", "affirmative action", "privacy notice", "privacy policy", "e verify", "pay transparency",
		"export control", "recruitment agencies", "agencies", "fraud", "notice to",
	}},
	{skilldemand.SectionPreferred, []string{
		"preferred", "nice to have", "nice to haves", "bonus", "bonus points", "plus", "pluses", "desired",
		"desirable", "ideally", "even better", "extra credit", "good to have", "great to have", "it would be great",
		"stand out", "set you apart", "nice if", "additional qualifications", "a plus", "optional",
	}},
	{skilldemand.SectionCompensation, []string{
		"compensation", "salary", "pay range", "pay", "base pay", "total rewards", "wage", "pay and benefits",
		"compensation and benefits",
	}},
	{skilldemand.SectionBenefits, []string{
		"benefits", "perks", "what we offer", "we offer", "what you get", "what you'll get", "why join", "why work",
		"why you'll love", "life at", "working at", "working here", "our offer", "in return", "what's in it for you",
		"the benefits", "our benefits", "rewards",
	}},
	{skilldemand.SectionRequired, []string{
		"qualifications", "qualification", "requirements", "requirement", "required", "minimum", "basic",
		"must have", "must haves", "what you'll need", "what you need", "what you bring", "what you'll bring",
		"what we're looking for", "what we are looking for", "what we look for", "we're looking for",
		"looking for", "who you are", "about you", "you have", "you are", "your background",
		"your experience", "your skills", "skills", "experience", "skill set", "you might be a fit",
		"be a fit", "you might thrive", "you'll thrive", "you will thrive", "thrive if", "thrive here",
		"great fit", "you'll succeed", "you will succeed", "we'd love to hear from you", "ideal candidate", "the ideal",
		"competencies", "what it takes", "who we're looking for", "what makes you", "qualities",
		"what you should have", "to be successful", "you'll need", "you'll have", "expertise",
		"knowledge", "education", "background",
	}},
	{skilldemand.SectionResponsibilities, []string{
		"responsibilities", "responsibility", "what you'll do", "what you will do", "what you'll be doing",
		"what you will be doing", "what the candidate will do", "duties", "the role", "role", "your role",
		"about the role", "about the job", "about this role", "the job", "job description", "description",
		"the opportunity", "opportunity", "overview", "position", "summary", "day to day", "in this role",
		"your mission", "your impact", "impact", "what you'll work on", "you will", "you'll", "key",
		"the team", "about the team", "team", "sample projects", "projects", "scope", "mission",
		"what you'll achieve", "objectives", "accountabilities", "you will",
	}},
	{skilldemand.SectionAbout, []string{
		"about", "who we are", "about us", "company", "our company", "our story", "our mission", "our culture",
		"our values", "culture", "values", "meet", "apart", "funding", "investors", "story", "our team is growing",
		"our team", "we are", "why", "applying", "how to apply", "application process", "interview process", "next steps",
		"hiring process", "a final note", "company description", "about the company", "company overview",
		"who we are", "why join us",
	}},
}

// exactHeadings are one-word headings that name a kind only on their own.
var exactHeadings = map[string]skilldemand.SectionKind{
	"you":      skilldemand.SectionRequired,
	"role":     skilldemand.SectionResponsibilities,
	"about":    skilldemand.SectionAbout,
	"us":       skilldemand.SectionAbout,
	"company":  skilldemand.SectionAbout,
	"applying": skilldemand.SectionAbout,
}

// headingClassifier is a matcher over heading cue phrases.
type headingClassifier struct {
	m     *matcher
	exact map[string]skilldemand.SectionKind // by token key
}

func newHeadingClassifier() *headingClassifier {
	m := newMatcher()
	for i, c := range headingCues {
		for _, p := range c.phrases {
			m.add(p, pattern{kind: patCue, target: int32(i), ctx: -1})
		}
	}
	m.compile()
	exact := make(map[string]skilldemand.SectionKind, len(exactHeadings))
	for w, k := range exactHeadings {
		exact[phraseKeys(w)[0]] = k
	}
	return &headingClassifier{m: m, exact: exact}
}

// classify returns the kind a heading names, or "" when it names none.
func (h *headingClassifier) classify(heading string, ts *tokens, buf []match) (skilldemand.SectionKind, []match) {
	ts.tokenize(heading)
	if len(ts.toks) == 1 {
		if k, ok := h.exact[string(ts.key(0))]; ok {
			return k, buf
		}
	}
	buf = h.m.find(ts, buf[:0])
	// The longest cue wins ("company description" over "description");
	// among equals, the earlier kind in headingCues.
	best, bestLen := -1, int32(0)
	for _, mt := range buf {
		p := &h.m.pats[mt.pat]
		c := int(p.target)
		if best < 0 || p.ntok > bestLen || p.ntok == bestLen && c < best {
			best, bestLen = c, p.ntok
		}
	}
	if best < 0 {
		return "", buf
	}
	return headingCues[best].kind, buf
}

// kindOfAPISection reads the kind of a structured section from the kind
// the source gave or its title.
func (h *headingClassifier) kindOfAPISection(s skilldemand.Section, ts *tokens) skilldemand.SectionKind {
	if s.Kind != "" {
		return s.Kind
	}
	if k, _ := h.classify(s.Title, ts, nil); k != "" {
		return k
	}
	return skilldemand.SectionOther
}

// isBoilerplate reports whether hits in a section of this kind are not
// demand: company text, benefits, pay and equal-opportunity notices.
func isBoilerplate(k skilldemand.SectionKind) bool {
	switch k {
	case skilldemand.SectionAbout, skilldemand.SectionBenefits, skilldemand.SectionCompensation, skilldemand.SectionEEO:
		return true
	}
	return false
}

// paragraphCues mark a paragraph (not a list item) as boilerplate
// wherever it stands: pay ranges, equal-opportunity and agency notices.
var paragraphCues = []struct {
	kind    skilldemand.SectionKind
	phrases []string
}{
	{skilldemand.SectionEEO, []string{
		"equal opportunity employer", "equal employment opportunity", "without regard to", "regardless of race",
		"protected veteran", "sexual orientation", "gender identity", "reasonable accommodation",
		"reasonable accommodations", "recruitment agencies", "agency resumes", "unsolicited resumes",
		"work authorization", "visa sponsorship", "sponsorship for employment", "legally authorized",
		"e verify", "background check", "privacy policy", "privacy notice", "export control", "export controls",
		"fair chance", "arrest and conviction", "criminal histories", "meet every single", "less likely to apply",
		"encourage you to apply", "policies in order to protect", "diverse workforce", "inclusive workforce",
		"inclusive workplace", "diverse and inclusive", "inclusive and diverse", "committed to diversity",
		"individuals with disabilities", "people with disabilities", "those with disabilities", "necessary accommodations",
		"accommodation request", "accommodations during", "full inclusion of", "veteran status", "national origin",
	}},
	{skilldemand.SectionCompensation, []string{
		"salary range", "base salary", "pay range", "compensation range", "base pay", "annual salary",
		"hourly rate", "pay transparency", "equity award", "bonus program", "total compensation", "salary higher or lower",
		"compensation package", "target salary", "salary ranges",
	}},
	{skilldemand.SectionBenefits, []string{
		"401 k", "401k", "health insurance", "dental", "paid time off", "parental leave", "medical dental",
		"pto", "wellness", "stipend",
	}},
}

// aboutCues mark a paragraph of an untitled introduction as about the
// company rather than the role.
var aboutCues = []string{
	"we are a", "we're a", "we are the", "we're the", "is a leading", "is the leading", "is a global",
	"is building", "founded in", "was founded", "our mission", "our investors", "backed by", "headquartered",
	"our customers", "our platform", "our products", "join us", "our team of", "employees", "is an innovative",
	"provides software", "is a fast growing", "is the world", "our vision", "series a", "series b", "series c",
	"we believe", "our goal", "unicorn", "we build", "we're building", "we are building", "we help", "we power",
	"we make it",
}

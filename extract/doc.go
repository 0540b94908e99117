// Package extract reads job postings: it turns HTML or plain text into
// sectioned text, finds the skills of a taxonomy with how strongly each is
// asked for, finds the market-reality signals of the career article, and
// reads attributes such as seniority, years of experience, degree,
// workplace and pay.
//
// The package is pure: it parses the strings and byte slices handed to it
// and does no I/O.
//
// # Reading a posting
//
//  1. HTML (read in one pass of the x/net/html tokenizer, no tree) or plain
//     text and light markdown becomes lines: headings, list items ("- item")
//     and paragraphs. Bold-only lines, "#" lines, short lines ending in ':'
//     and short unpunctuated lines are headings; list items run together
//     ("...schedules- Thorough...") are split.
//  2. Headings name section kinds by cue phrases ("Basic Qualifications",
//     "What you'll do", "Nice to have", "You might be a fit if", "About
//     us", "Benefits"); the longest cue wins. Headings that name nothing
//     continue the section above. Paragraphs about pay, benefits or equal
//     opportunity are boilerplate wherever they stand; the untitled
//     introduction is the role unless it describes the company. Structured
//     API sections (Posting.Sections) take their kind from Kind or Title.
//  3. One pass of a token-aware multi-pattern matcher finds every alias,
//     cue and signal phrase: a trie over normalised word keys (lower case,
//     apostrophes dropped, light stemming) walked from every token through
//     one hashed edge table, behind a first-word bit filter. Phrases never
//     cross punctuation; "*" in a phrase is any one word; links (http://,
//     www.) are skipped. Ambiguous aliases (R, Go, C, CSM, SAFe, Excel)
//     need their exact spelling and/or a context word in the sentence.
//  4. A skill hit's strength comes from its section (required, preferred,
//     responsibility; "mentioned" for ExtractText) and the cues of its
//     sentence ("is a plus" makes a required item preferred, "must" makes a
//     preferred one required). Hits in about, benefits, compensation and
//     EEO text, hits a "not" phrase covers, and negated hits ("no Jira
//     experience needed") do not count. A skill's strength is that of its
//     strongest hit.
//  5. A signal shows when one of its phrases matches, or when one sentence
//     holds a phrase from every group of one of its co-occurrence rules.
//
// Evaluate and Score measure the extractor against hand labels (the
// eval/dev.jsonl format read by ReadGold). Evaluate's misses quote the span
// that misled the extractor and, for a false negative, what it found but
// did not count and why (ambiguous alias without context, "not" phrase,
// boilerplate section, negation, partial co-occurrence rule). Role decides from a job title
// whether a posting is of the role (configs/roles/*.yaml).
package extract

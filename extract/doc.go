// Package extract reads job postings: it turns HTML or plain text into
// sectioned text, finds the skills of a taxonomy with how strongly each is
// asked for (required, preferred, responsibility, mentioned), finds the
// market-reality signals of the career article, and reads attributes such
// as seniority, years of experience, degree, workplace and pay.
//
// The package is pure: it parses the byte slices and strings handed to it
// and does no I/O. Skill matching is token-aware multi-pattern matching: a
// trie over normalised word keys, walked once from every token, so its cost
// grows with the text, not with the number of phrases.
//
// Evaluate and Score measure the extractor against hand labels (the
// eval/dev.jsonl format read by ReadGold).
package extract

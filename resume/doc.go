// Package resume turns a resume file into plain text, ready for the skill
// extractor.
//
// Read sniffs the file type from its content, never from its name alone:
// "%PDF-" is a PDF, a zip archive holding a Word main document is a DOCX,
// and anything else must be UTF-8 text (the name only decides between
// Markdown and plain text). Every other input — images, legacy .doc files,
// spreadsheets, archives, binary junk, text in another encoding — is refused
// with ErrWrongType and a message naming the fix.
//
// The package is defensive because files come from uploads: input is
// capped at MaxSize, a DOCX may not expand beyond MaxUnzipped nor hold more
// than MaxZipEntries entries, PDF parsing runs with a read budget and with
// panics recovered, and the extracted text is capped at MaxTextSize.
//
// All text is normalised the same way: line and paragraph breaks kept, CR
// LF turned into LF, bullets written as "- ", runs of spaces collapsed and
// control characters removed.
package resume

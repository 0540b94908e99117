// Package skilldemand holds the domain types of the skilldemand tool: job
// postings, the skills and signals tagged in them, crawl runs, query filters
// and demand tables.
//
// The package imports only the standard library. Adapters live in
// subpackages, one per dependency: crawler (colly), store (bbolt), indexer
// (bleve), extract (pure text processing) and report (rendering). The
// cmd/skilldemand binary wires them together.
package skilldemand

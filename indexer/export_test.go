package indexer

import "github.com/blevesearch/bleve/v2"

// SetMappingVersion overwrites the mapping version recorded in the closed
// index at path, to test how Open treats an index from another build.
func SetMappingVersion(path, v string) error {
	idx, err := bleve.Open(path)
	if err != nil {
		return err
	}
	if err := idx.SetInternal([]byte(mappingVersionKey), []byte(v)); err != nil {
		idx.Close()
		return err
	}
	return idx.Close()
}

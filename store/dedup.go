package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"slices"
	"strings"
	"time"
	"unicode"

	bolt "go.etcd.io/bbolt"

	"github.com/skilldemand/skilldemand"
)

// Near-duplicate grouping.
//
// The same job is often cross-posted on several boards or for several
// locations. The store groups such postings as they are upserted so that
// demand counts each job once: postings are candidates for one group only
// when their normalised company and title are equal (DupKey), and they join
// a group when the MinHash estimate of the Jaccard similarity of their
// descriptions' word shingles with a member is at least DupThreshold.
//
// Each group has one canonical member, the one demand counts: it stays
// canonical while it is open; when it closes the earliest-seen open member
// takes over; a group whose members are all closed keeps its last canonical.
// A posting that is alone is a group of one whose id is the posting's id.

// DupThreshold is the estimated Jaccard similarity of two descriptions'
// word shingles from which postings with the same DupKey are one job.
const DupThreshold = 0.9

// Fingerprint parameters: shingles of shingleWords words, minHashes hash
// functions.
const (
	shingleWords = 3
	minHashes    = 64
)

// Group is a set of postings that are one job cross-posted.
type Group struct {
	ID        string   `json:"id"`        // the first member's posting id (made unique)
	Key       string   `json:"key"`       // DupKey of its members
	Canonical string   `json:"canonical"` // the member demand counts
	Members   []Member `json:"members"`   // in the order they joined
}

// Member is one posting of a group, with what the index shows of it.
type Member struct {
	ID        string    `json:"id"`
	Source    string    `json:"source"` // source key, "type:board"
	URL       string    `json:"url,omitempty"`
	Location  string    `json:"location,omitempty"`
	FirstSeen time.Time `json:"first_seen"`
	Open      bool      `json:"open"`
	Sig       []uint32  `json:"sig,omitempty"` // MinHash signature of the description
	Hash      string    `json:"hash,omitempty"`
}

// Member returns the member with the given posting id, or nil.
func (g *Group) Member(id string) *Member {
	for i := range g.Members {
		if g.Members[i].ID == id {
			return &g.Members[i]
		}
	}
	return nil
}

// DupKey is the normalised company and title postings must share to be
// grouped: lower-cased, punctuation and bracketed parts ("(Remote)") removed,
// legal suffixes (Inc, LLC...) dropped. A posting without a company uses
// its board.
func DupKey(p *skilldemand.Posting) string {
	company := p.Company
	if strings.TrimSpace(company) == "" {
		company = p.Board
	}
	words := normWords(company)
	for len(words) > 1 && legalSuffix[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ") + "|" + strings.Join(normWords(dropBracketed(p.Title)), " ")
}

var legalSuffix = map[string]bool{
	"inc": true, "llc": true, "ltd": true, "limited": true, "corp": true, "corporation": true,
	"co": true, "gmbh": true, "ag": true, "plc": true, "sa": true, "bv": true,
}

// dropBracketed removes (...) and [...] parts, which usually name a
// location or a work mode.
func dropBracketed(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// normWords lower-cases s and splits it into runs of letters and digits.
func normWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Fingerprint is the MinHash signature of the word shingles of a posting's
// description (its extracted text when there is one). Text without words
// gives nil.
func Fingerprint(p *skilldemand.Posting) []uint32 {
	words := normWords(dupText(p))
	if len(words) == 0 {
		return nil
	}
	sig := make([]uint32, minHashes)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	n := max(1, len(words)-shingleWords+1)
	var buf [8]byte
	for i := range n {
		h := fnv.New64a()
		for _, w := range words[i:min(len(words), i+shingleWords)] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		x := h.Sum64()
		for j := range sig {
			binary.LittleEndian.PutUint64(buf[:], x^seeds[j])
			if v := uint32(mix(binary.LittleEndian.Uint64(buf[:])) >> 32); v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig
}

// seeds are fixed per-function seeds, so signatures stay comparable across
// runs and builds.
var seeds = func() [minHashes]uint64 {
	var s [minHashes]uint64
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x = mix(x + uint64(i))
		s[i] = x
	}
	return s
}()

// mix is the splitmix64 finaliser.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Similarity estimates the Jaccard similarity of the shingle sets behind two
// signatures. Two empty signatures are alike (1); one empty one is not (0).
func Similarity(a, b []uint32) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// dupText is the text a posting's fingerprint is taken from.
func dupText(p *skilldemand.Posting) string {
	if p.Extraction != nil && strings.TrimSpace(p.Extraction.Text) != "" {
		return p.Extraction.Text
	}
	parts := []string{p.Description}
	for _, s := range p.Sections {
		parts = append(parts, s.Title, s.Body)
	}
	text := strings.Join(parts, "\n")
	if p.Format != skilldemand.FormatText {
		text = roughText(text)
	}
	return text
}

// roughText drops HTML tags and decodes entities; enough for fingerprints.
func roughText(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		s = s[i+j+1:]
	}
	return html.UnescapeString(b.String())
}

// groupTx is the dedup buckets of one write transaction.
type groupTx struct {
	groups, keys, ids *bolt.Bucket
}

func newGroupTx(tx *bolt.Tx) (*groupTx, error) {
	g := &groupTx{}
	var err error
	if g.groups, err = bucket(tx, bucketGroups); err != nil {
		return nil, err
	}
	if g.keys, err = bucket(tx, bucketDupKeys); err != nil {
		return nil, err
	}
	if g.ids, err = bucket(tx, bucketDupIDs); err != nil {
		return nil, err
	}
	return g, nil
}

func (g *groupTx) get(id string) (*Group, error) {
	v := g.groups.Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	var out Group
	if err := json.Unmarshal(v, &out); err != nil {
		return nil, fmt.Errorf("decode group %q: %w", id, err)
	}
	return &out, nil
}

func (g *groupTx) put(gr *Group) error {
	v, err := json.Marshal(gr)
	if err != nil {
		return fmt.Errorf("encode group %q: %w", gr.ID, err)
	}
	return g.groups.Put([]byte(gr.ID), v)
}

func (g *groupTx) keyGroups(key string) ([]string, error) {
	v := g.keys.Get([]byte(key))
	if v == nil {
		return nil, nil
	}
	var ids []string
	if err := json.Unmarshal(v, &ids); err != nil {
		return nil, fmt.Errorf("decode dup key %q: %w", key, err)
	}
	return ids, nil
}

func (g *groupTx) putKeyGroups(key string, ids []string) error {
	if len(ids) == 0 {
		return g.keys.Delete([]byte(key))
	}
	v, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return g.keys.Put([]byte(key), v)
}

// place puts a stored posting (lifecycle fields set) in its group: it
// refreshes its member entry when its key and content are unchanged, and
// otherwise moves it to the group of the first similar posting with the
// same key, or a new group of its own. A nil sig is computed from p.
func (g *groupTx) place(p *skilldemand.Posting, sig []uint32) error {
	key := DupKey(p)
	m := Member{ID: p.ID, Source: p.SourceKey(), URL: p.URL, Location: p.Location, FirstSeen: p.FirstSeen, Open: p.Open(), Hash: p.Hash}
	if gid := g.ids.Get([]byte(p.ID)); gid != nil {
		gr, err := g.get(string(gid))
		if err != nil {
			return err
		}
		if gr != nil && gr.Key == key {
			if old := gr.Member(p.ID); old != nil && old.Hash == p.Hash && old.Sig != nil {
				m.Sig = old.Sig
				*old = m
				gr.promote()
				return g.put(gr)
			}
		}
		if err := g.remove(p.ID, gr); err != nil {
			return err
		}
	}
	m.Sig = sig
	if m.Sig == nil {
		m.Sig = Fingerprint(p)
	}
	if m.Sig == nil {
		m.Sig = []uint32{} // fingerprinted, no words
	}

	gids, err := g.keyGroups(key)
	if err != nil {
		return err
	}
	for _, gid := range gids {
		gr, err := g.get(gid)
		if err != nil {
			return err
		}
		if gr == nil {
			continue
		}
		for _, other := range gr.Members {
			if Similarity(m.Sig, other.Sig) >= DupThreshold {
				gr.Members = append(gr.Members, m)
				gr.promote()
				if err := g.put(gr); err != nil {
					return err
				}
				return g.ids.Put([]byte(p.ID), []byte(gr.ID))
			}
		}
	}
	id := p.ID
	for n := 2; g.groups.Get([]byte(id)) != nil; n++ {
		id = fmt.Sprintf("%s#%d", p.ID, n)
	}
	gr := &Group{ID: id, Key: key, Canonical: p.ID, Members: []Member{m}}
	if err := g.put(gr); err != nil {
		return err
	}
	if err := g.putKeyGroups(key, append(gids, id)); err != nil {
		return err
	}
	return g.ids.Put([]byte(p.ID), []byte(id))
}

// remove takes a posting out of its group, deleting the group when it
// empties.
func (g *groupTx) remove(id string, gr *Group) error {
	if err := g.ids.Delete([]byte(id)); err != nil {
		return err
	}
	if gr == nil {
		return nil
	}
	gr.Members = slices.DeleteFunc(gr.Members, func(m Member) bool { return m.ID == id })
	if len(gr.Members) > 0 {
		gr.promote()
		return g.put(gr)
	}
	if err := g.groups.Delete([]byte(gr.ID)); err != nil {
		return err
	}
	gids, err := g.keyGroups(gr.Key)
	if err != nil {
		return err
	}
	return g.putKeyGroups(gr.Key, slices.DeleteFunc(gids, func(s string) bool { return s == gr.ID }))
}

// setOpen records a member's open state and promotes a new canonical
// member when needed. A posting without a group is left alone.
func (g *groupTx) setOpen(id string, open bool) error {
	gid := g.ids.Get([]byte(id))
	if gid == nil {
		return nil
	}
	gr, err := g.get(string(gid))
	if err != nil || gr == nil {
		return err
	}
	if m := gr.Member(id); m != nil {
		m.Open = open
	}
	gr.promote()
	return g.put(gr)
}

// promote keeps the canonical member while it is open; otherwise the
// earliest-seen open member (then the lowest id) becomes canonical. When
// every member is closed the canonical one stays, or the first member
// takes over if it left the group.
func (gr *Group) promote() {
	if c := gr.Member(gr.Canonical); c != nil && c.Open {
		return
	}
	var best *Member
	for i := range gr.Members {
		m := &gr.Members[i]
		if !m.Open {
			continue
		}
		if best == nil || m.FirstSeen.Before(best.FirstSeen) || (m.FirstSeen.Equal(best.FirstSeen) && m.ID < best.ID) {
			best = m
		}
	}
	switch {
	case best != nil:
		gr.Canonical = best.ID
	case gr.Member(gr.Canonical) == nil && len(gr.Members) > 0:
		gr.Canonical = gr.Members[0].ID
	}
}

// GroupsOf returns the group of each given posting id that has one, by
// posting id. Postings stored before grouping existed have none until
// RegroupAll runs; a store opened read-only before then has no group
// buckets, which gives an empty map rather than an error.
func (db *DB) GroupsOf(ids []string) (map[string]*Group, error) {
	out := make(map[string]*Group, len(ids))
	err := db.view(func(tx *bolt.Tx) error {
		gb, ib := tx.Bucket(bucketGroups), tx.Bucket(bucketDupIDs)
		if gb == nil || ib == nil {
			return nil
		}
		cache := map[string]*Group{}
		for _, id := range ids {
			gid := ib.Get([]byte(id))
			if gid == nil {
				continue
			}
			gr, ok := cache[string(gid)]
			if !ok {
				if v := gb.Get(gid); v != nil {
					gr = new(Group)
					if err := json.Unmarshal(v, gr); err != nil {
						return fmt.Errorf("decode group %q: %w", gid, err)
					}
				}
				cache[string(gid)] = gr
			}
			if gr != nil {
				out[id] = gr
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("groups: %w", err)
	}
	return out, nil
}

// MetaDedupVersion is the meta key recording which grouping rules the
// stored groups were built with.
const MetaDedupVersion = "dedup_version"

// DedupVersion names the grouping rules (DupKey, Fingerprint,
// DupThreshold). Bump it when they change so RegroupAll runs again.
const DedupVersion = "1"

// NeedsRegroup reports whether the stored groups were built by other
// grouping rules, or not at all, while postings exist.
func (db *DB) NeedsRegroup() (bool, error) {
	v, err := db.Meta(MetaDedupVersion)
	if err != nil {
		return false, err
	}
	if v == DedupVersion {
		return false, nil
	}
	_, total, err := db.PostingCount()
	return total > 0, err
}

// RegroupAll rebuilds every group from the stored postings, in first-seen
// order, and records DedupVersion. Upserts group postings as they come;
// this is for stores written before grouping existed or by other rules.
func (db *DB) RegroupAll() error {
	type entry struct {
		p   *skilldemand.Posting
		sig []uint32
	}
	var ps []entry
	if err := db.ForEachPosting(func(p *skilldemand.Posting) error {
		sig := Fingerprint(p)
		if sig == nil {
			sig = []uint32{}
		}
		// Keep only what grouping reads, not the text.
		light := &skilldemand.Posting{
			ID: p.ID, Source: p.Source, Board: p.Board, ExternalID: p.ExternalID,
			Title: p.Title, Company: p.Company, Location: p.Location, URL: p.URL,
			FirstSeen: p.FirstSeen, LastSeen: p.LastSeen, ClosedAt: p.ClosedAt, Hash: p.Hash,
		}
		ps = append(ps, entry{light, sig})
		return nil
	}); err != nil {
		return fmt.Errorf("regroup: %w", err)
	}
	slices.SortStableFunc(ps, func(a, b entry) int {
		if c := a.p.FirstSeen.Compare(b.p.FirstSeen); c != 0 {
			return c
		}
		return strings.Compare(a.p.ID, b.p.ID)
	})
	err := db.update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketGroups, bucketDupKeys, bucketDupIDs} {
			if err := tx.DeleteBucket(name); err != nil && err != bolt.ErrBucketNotFound {
				return err
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		g, err := newGroupTx(tx)
		if err != nil {
			return err
		}
		for _, e := range ps {
			if err := g.place(e.p, e.sig); err != nil {
				return fmt.Errorf("group posting %q: %w", e.p.ID, err)
			}
		}
		mb, err := bucket(tx, bucketMeta)
		if err != nil {
			return err
		}
		return mb.Put([]byte(MetaDedupVersion), []byte(DedupVersion))
	})
	if err != nil {
		return fmt.Errorf("regroup: %w", err)
	}
	return nil
}

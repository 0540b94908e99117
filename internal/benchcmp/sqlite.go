package benchcmp

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/skilldemand/skilldemand"

	_ "modernc.org/sqlite" // registers the "sqlite" driver, FTS5 included
)

// sqliteSchema is the SQLite equivalent of what the bleve index stores and
// answers: the posting fields Demand filters on, title and body (stored,
// as bleve stores them for highlighting), one row per posting skill under
// its counted strength, one per signal, B-tree indexes for every filter
// and facet, and an external-content FTS5 table (positions kept, as
// bleve's term vectors are) over title and body.
var sqliteSchema = []string{
	`CREATE TABLE postings(
		pk INTEGER PRIMARY KEY,
		id TEXT NOT NULL UNIQUE,
		company TEXT, location TEXT, source TEXT, workplace TEXT, seniority TEXT,
		first_seen INTEGER, open INTEGER NOT NULL,
		title TEXT, body TEXT)`,
	`CREATE INDEX postings_company ON postings(company)`,
	`CREATE INDEX postings_location ON postings(location)`,
	`CREATE INDEX postings_source ON postings(source)`,
	`CREATE INDEX postings_workplace ON postings(workplace)`,
	`CREATE INDEX postings_seniority ON postings(seniority)`,
	`CREATE INDEX postings_first_seen ON postings(first_seen)`,
	`CREATE TABLE posting_skills(
		posting_id INTEGER NOT NULL, skill TEXT NOT NULL, strength TEXT NOT NULL,
		PRIMARY KEY(posting_id, skill)) WITHOUT ROWID`,
	`CREATE INDEX posting_skills_skill ON posting_skills(skill, strength)`,
	`CREATE TABLE posting_signals(
		posting_id INTEGER NOT NULL, signal TEXT NOT NULL,
		PRIMARY KEY(posting_id, signal)) WITHOUT ROWID`,
	`CREATE INDEX posting_signals_signal ON posting_signals(signal)`,
	`CREATE VIRTUAL TABLE postings_fts USING fts5(title, body,
		content='postings', content_rowid='pk', tokenize='porter unicode61')`,
}

// sqliteBatch is how many postings one transaction inserts, as many as
// one bleve batch holds.
const sqliteBatch = 500

// SQLite is the comparison database.
type SQLite struct {
	Path string
	db   *sql.DB
}

// OpenSQLite opens (creating) the database at path in WAL mode.
func OpenSQLite(path string, create bool) (*SQLite, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	s := &SQLite{Path: path, db: db}
	stmts := []string{`PRAGMA journal_mode=WAL`, `PRAGMA synchronous=NORMAL`}
	if create {
		stmts = append(stmts, sqliteSchema...)
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			db.Close()
			return nil, fmt.Errorf("sqlite %s: %s: %w", path, firstLine(q), err)
		}
	}
	return s, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// Close checkpoints the WAL and closes the database.
func (s *SQLite) Close() error {
	if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		s.db.Close()
		return fmt.Errorf("close sqlite: %w", err)
	}
	return s.db.Close()
}

// Insert adds the postings in transactions of sqliteBatch.
func (s *SQLite) Insert(ps []*skilldemand.Posting) error {
	for start := 0; start < len(ps); start += sqliteBatch {
		if err := s.insertTx(ps[start:min(start+sqliteBatch, len(ps))]); err != nil {
			return err
		}
	}
	return nil
}

func (s *SQLite) insertTx(ps []*skilldemand.Posting) (err error) {
	tx, err := s.db.Begin()
	if err != nil {
		return fmt.Errorf("sqlite insert: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	post, err := tx.Prepare(`INSERT INTO postings(id, company, location, source, workplace, seniority, first_seen, open, title, body)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite insert: %w", err)
	}
	fts, err := tx.Prepare(`INSERT INTO postings_fts(rowid, title, body) VALUES(?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite insert: %w", err)
	}
	skill, err := tx.Prepare(`INSERT INTO posting_skills(posting_id, skill, strength) VALUES(?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite insert: %w", err)
	}
	signal, err := tx.Prepare(`INSERT INTO posting_signals(posting_id, signal) VALUES(?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite insert: %w", err)
	}
	for _, p := range ps {
		r := rowOf(p)
		var first any
		if !r.firstSeen.IsZero() {
			first = r.firstSeen.UnixNano()
		}
		res, err := post.Exec(r.id, null(r.company), null(r.location), null(r.source), null(r.workplace),
			null(r.seniority), first, r.open, r.title, r.body)
		if err != nil {
			return fmt.Errorf("sqlite insert %s: %w", r.id, err)
		}
		pk, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("sqlite insert %s: %w", r.id, err)
		}
		if _, err := fts.Exec(pk, r.title, r.body); err != nil {
			return fmt.Errorf("sqlite fts insert %s: %w", r.id, err)
		}
		for _, sk := range r.skills {
			if _, err := skill.Exec(pk, sk.skill, sk.strength); err != nil {
				return fmt.Errorf("sqlite skill insert %s: %w", r.id, err)
			}
		}
		for _, sg := range r.signals {
			if _, err := signal.Exec(pk, sg); err != nil {
				return fmt.Errorf("sqlite signal insert %s: %w", r.id, err)
			}
		}
	}
	return tx.Commit()
}

// null stores "" as NULL, as the index leaves empty values out.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// where is the SQL condition on postings p for a filter, with its args;
// "" when the filter selects everything.
func where(f skilldemand.Filter) (string, []any) {
	var conds []string
	var args []any
	add := func(c string, a ...any) {
		conds = append(conds, c)
		args = append(args, a...)
	}
	lower := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	if !f.IncludeClosed {
		add(`p.open = 1`)
	}
	if !f.From.IsZero() {
		add(`p.first_seen >= ?`, f.From.UnixNano())
	}
	if !f.To.IsZero() {
		add(`p.first_seen < ?`, f.To.UnixNano())
	}
	if v := lower(f.Company); v != "" {
		add(`p.company = ?`, v)
	}
	if v := lower(f.Location); v != "" {
		add(`p.location = ?`, v)
	}
	if v := lower(f.Workplace); v != "" {
		add(`p.workplace = ?`, v)
	}
	if v := lower(f.Seniority); v != "" {
		add(`p.seniority = ?`, v)
	}
	if v := lower(f.Source); v != "" {
		add(`p.source = ?`, v)
	}
	if v := strings.TrimSpace(f.Skill); v != "" {
		add(`p.pk IN (SELECT posting_id FROM posting_skills WHERE skill = ?)`, v)
	}
	if v := strings.TrimSpace(f.Query); v != "" {
		var terms []string
		for _, w := range strings.Fields(v) {
			terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
		}
		add(`p.pk IN (SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?)`, strings.Join(terms, " "))
	}
	return strings.Join(conds, " AND "), args
}

// Demand answers what indexer.Index.Demand answers, with three queries:
// the total, skills by strength, and signals.
func (s *SQLite) Demand(ctx context.Context, f skilldemand.Filter) (*skilldemand.Demand, error) {
	cond, args := where(f)
	total, skills, signals := `SELECT count(*) FROM postings p`,
		`SELECT s.skill, s.strength, count(*) FROM postings p JOIN posting_skills s ON s.posting_id = p.pk`,
		`SELECT g.signal, count(*) FROM postings p JOIN posting_signals g ON g.posting_id = p.pk`
	if cond != "" {
		total += " WHERE " + cond
		skills += " WHERE " + cond
		signals += " WHERE " + cond
	} else {
		// Nothing to filter: no join.
		skills = `SELECT skill, strength, count(*) FROM posting_skills s`
		signals = `SELECT signal, count(*) FROM posting_signals g`
	}
	skills += " GROUP BY s.skill, s.strength"
	signals += " GROUP BY g.signal"

	d := &skilldemand.Demand{Skills: map[string]skilldemand.SkillCount{}, Signals: map[string]int{}}
	if err := s.db.QueryRowContext(ctx, total, args...).Scan(&d.Total); err != nil {
		return nil, fmt.Errorf("sqlite demand total: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, skills, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite demand skills: %w", err)
	}
	for rows.Next() {
		var skill, strength string
		var n int
		if err := rows.Scan(&skill, &strength, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite demand skills: %w", err)
		}
		c := d.Skills[skill]
		c.Skill = skill
		c.Postings += n
		switch skilldemand.Strength(strength) {
		case skilldemand.StrengthRequired:
			c.Required += n
		case skilldemand.StrengthPreferred:
			c.Preferred += n
		case skilldemand.StrengthResponsibility:
			c.Responsibility += n
		default:
			c.Mentioned += n
		}
		d.Skills[skill] = c
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("sqlite demand skills: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, signals, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite demand signals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var signal string
		var n int
		if err := rows.Scan(&signal, &n); err != nil {
			return nil, fmt.Errorf("sqlite demand signals: %w", err)
		}
		d.Signals[signal] = n
	}
	return d, rows.Err()
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/configs"
	"github.com/skilldemand/skilldemand/crawler"
)

// DefaultConfigPath is the config file used when --config is not given and
// the file exists; otherwise the embedded configs/sources.yaml is used.
const DefaultConfigPath = "configs/sources.yaml"

// Config is the parsed sources.yaml.
type Config struct {
	Role       string               `yaml:"role"`
	Schedule   string               `yaml:"schedule"`
	Politeness Politeness           `yaml:"politeness"`
	Sources    []skilldemand.Source `yaml:"sources"`
	// Taxonomy optionally replaces the embedded skills.yaml and market_reality.yaml.
	Taxonomy TaxonomyConfig `yaml:"taxonomy"`
	// Server settings for `serve`.
	Server ServerConfig `yaml:"server"`

	// path is the file the config came from ("" when embedded); relative
	// paths inside the config resolve against its directory.
	path string
}

// Politeness tells the crawler how hard to lean on each host.
type Politeness struct {
	UserAgent    string        `yaml:"user_agent"`
	PerHostDelay time.Duration `yaml:"per_host_delay"`
	Parallelism  int           `yaml:"parallelism"`
	Timeout      time.Duration `yaml:"timeout"`
	MaxRetries   int           `yaml:"max_retries"`
	// MaxBodySize caps each response body, after decompression: bytes or
	// "20MB"; 0 means the crawler's default (20MB).
	MaxBodySize ByteSize `yaml:"max_body_size"`
}

// TaxonomyConfig names replacement taxonomy files.
type TaxonomyConfig struct {
	Skills  string `yaml:"skills"`
	Reality string `yaml:"market_reality"`
}

// ServerConfig holds `serve` settings.
type ServerConfig struct {
	Addr  string `yaml:"addr"`
	Token string `yaml:"token"`
}

// DefaultConfig returns a config with every default filled in and no sources.
func DefaultConfig() Config {
	return Config{
		Role:     "tpm",
		Schedule: "CRON_TZ=UTC 0 3 * * *",
		Politeness: Politeness{
			UserAgent:    "skilldemand/" + Version + " (+https://github.com/skilldemand/skilldemand)",
			PerHostDelay: time.Second,
			Parallelism:  4,
			Timeout:      30 * time.Second,
			MaxRetries:   3,
		},
		Server: ServerConfig{Addr: "127.0.0.1:8080"},
	}
}

// ParseConfig reads a YAML config over the defaults. Unknown keys are errors.
func ParseConfig(r io.Reader) (Config, error) {
	cfg := DefaultConfig()
	data, err := io.ReadAll(io.LimitReader(r, 4<<20))
	if err != nil {
		return cfg, fmt.Errorf("read config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("malformed YAML: %s", yamlError(err))
	}
	return cfg, cfg.Validate()
}

// yamlError flattens a yaml error to one line.
func yamlError(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	s = strings.ReplaceAll(s, "\n", "; ")
	return s
}

// Validate checks the config and names the fix for the first problem.
func (c *Config) Validate() error {
	if c.Role == "" {
		return errors.New(`"role" is empty: set it to "tpm" or a path to a role YAML file`)
	}
	if c.Politeness.PerHostDelay < 0 {
		return errors.New("politeness.per_host_delay must not be negative")
	}
	if c.Politeness.Parallelism < 1 {
		return errors.New("politeness.parallelism must be at least 1")
	}
	if c.Politeness.Timeout <= 0 {
		return errors.New("politeness.timeout must be positive, e.g. 30s")
	}
	if c.Politeness.MaxRetries < 0 {
		return errors.New("politeness.max_retries must not be negative")
	}
	if c.Politeness.MaxBodySize < 0 {
		return errors.New("politeness.max_body_size must not be negative: use e.g. \"20MB\", or leave it out for the default")
	}
	if strings.TrimSpace(c.Politeness.UserAgent) == "" {
		return errors.New("politeness.user_agent is empty: name the tool and a contact URL")
	}
	types := crawler.Types()
	seen := make(map[string]int)
	for i, s := range c.Sources {
		where := fmt.Sprintf("sources[%d]", i)
		if s.Type == "" {
			return fmt.Errorf("%s: type is missing: use one of %s", where, strings.Join(types, ", "))
		}
		if !slices.Contains(types, s.Type) {
			return fmt.Errorf("%s: unknown source type %q: use one of %s", where, s.Type, strings.Join(types, ", "))
		}
		if s.Board == "" {
			return fmt.Errorf("%s (%s): board is missing: set the board token, site or company id", where, s.Type)
		}
		if strings.ContainsAny(s.Board, ":/ ") {
			return fmt.Errorf("%s (%s): board %q must not contain ':', '/' or spaces", where, s.Type, s.Board)
		}
		if s.BaseURL != "" && !strings.HasPrefix(s.BaseURL, "http://") && !strings.HasPrefix(s.BaseURL, "https://") {
			return fmt.Errorf("%s (%s:%s): base_url %q must start with http:// or https://", where, s.Type, s.Board, s.BaseURL)
		}
		if err := validateSourceFields(s); err != nil {
			return fmt.Errorf("%s (%s): %w", where, s.Key(), err)
		}
		if j, ok := seen[s.Key()]; ok {
			return fmt.Errorf("%s: %s is listed twice (also sources[%d]): remove one", where, s.Key(), j)
		}
		seen[s.Key()] = i
	}
	return nil
}

// validateSourceFields checks the fields a source type needs beyond its
// board: career-page and Workday sources read their start URLs, file
// sources their path.
func validateSourceFields(s skilldemand.Source) error {
	switch s.Type {
	case "jsonld":
		if len(s.Start) == 0 {
			return errors.New(`start is missing: list the career pages or sitemaps to read, e.g. start: ["https://careers.example.com/sitemap.xml"]`)
		}
	case "workday":
		if len(s.Start) == 0 {
			return errors.New(`start is missing: set it to the careers URL, e.g. start: ["https://acme.wd5.myworkdayjobs.com/en-US/External"]`)
		}
	case "file":
		if strings.TrimSpace(s.Path) == "" {
			return errors.New(`path is missing: set path to a .jsonl or .csv dataset file (relative to this config file)`)
		}
	}
	for i, u := range s.Start {
		u = strings.TrimSpace(u)
		if (s.Type == "jsonld" || s.Type == "workday") && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return fmt.Errorf("start[%d] %q must be an absolute URL starting with http:// or https://", i, u)
		}
	}
	return nil
}

// LoadConfig reads the config at path, or the embedded default when path is
// "" and DefaultConfigPath does not exist.
func LoadConfig(path string) (Config, error) {
	if path == "" {
		if _, err := os.Stat(DefaultConfigPath); err == nil {
			path = DefaultConfigPath
		}
	}
	if path == "" {
		f, err := configs.FS.Open("sources.yaml")
		if err != nil {
			return Config{}, fmt.Errorf("open embedded config: %w", err)
		}
		defer f.Close()
		cfg, err := ParseConfig(f)
		if err != nil {
			return cfg, usageErrorf("embedded config: %v", err)
		}
		return cfg, nil
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Config{}, usageErrorf("config %s does not exist: pass --config with the path of a sources.yaml", path)
		}
		return Config{}, usageErrorf("cannot read config %s: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	cfg, err := ParseConfig(f)
	if err != nil {
		return cfg, usageErrorf("config %s: %v", path, err)
	}
	cfg.path = path
	return cfg, nil
}

// resolve returns p relative to the config file's directory.
func (c *Config) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) || c.path == "" {
		return p
	}
	return filepath.Join(filepath.Dir(c.path), p)
}

// unwrapPathError drops the path from a *fs.PathError, which the caller
// already names.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

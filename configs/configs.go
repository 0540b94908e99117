// Package configs embeds the default configuration files (sources, role
// rules, skill taxonomy, market-reality signals) so the binary runs with no
// files beside it. The YAML files are the data; this file only embeds them.
package configs

import "embed"

// FS holds sources.yaml, skills.yaml, market_reality.yaml and roles/*.yaml.
//
//go:embed *.yaml roles/*.yaml
var FS embed.FS

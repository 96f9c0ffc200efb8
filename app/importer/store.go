package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/parley-notes/parley/app/vault"
	"go.yaml.in/yaml/v3"
)

// duplicate reports, as skipped, an item whose identity is already in the
// vault: a record with its id, or with its content hash. It returns true
// when the item must not be imported (also when the lookup failed, which
// is reported as a failure: importing blind could duplicate).
func (r *run) duplicate(it *Item, id, hash string) bool {
	if id != "" {
		if rec, err := r.nb.Get(r.ctx, id); err == nil {
			it.ID, it.Path = rec.ID, rec.Path
			r.report.skip(*it, fmt.Errorf("%w: %s has the same id", ErrDuplicate, rec.Path))
			return true
		}
	}
	if hash == "" {
		return false
	}
	found, err := r.nb.FindByHash(r.ctx, hash)
	if err != nil {
		r.report.fail(*it, fmt.Errorf("looking for an earlier import: %w", err))
		return true
	}
	if found == "" {
		return false
	}
	it.ID = found
	where := found
	if rec, err := r.nb.Get(r.ctx, found); err == nil {
		it.Path, where = rec.Path, rec.Path
	}
	r.report.skip(*it, fmt.Errorf("%w: %s has the same content", ErrDuplicate, where))
	return true
}

// store writes an imported record and reports it; false if it failed.
func (r *run) store(it Item, rec *vault.Record, warnings []string) bool {
	if rec.URL != "" {
		// Two notes clipped from one page are both kept, but the user
		// should know.
		if other, err := r.nb.FindByURL(r.ctx, rec.URL); err == nil && other != "" && other != rec.ID {
			if o, err := r.nb.Get(r.ctx, other); err == nil {
				other = o.Path
			}
			warnings = append(warnings, "the vault already has a record from the same URL: "+other)
		}
	}
	if err := r.nb.Store(r.ctx, rec); err != nil {
		r.report.fail(it, fmt.Errorf("saving %s: %w", rec.Path, err))
		return false
	}
	it.ID, it.Path, it.Warnings = rec.ID, rec.Path, warnings
	r.report.imported(it)
	return true
}

// property is a front matter key Parley has no field for.
type property struct {
	key   string
	value string
}

// withProperties returns rec with extra properties after its own fields.
// A Record keeps the keys it does not know only when it is read from a
// file, so the record is written out and read back with them.
func withProperties(rec *vault.Record, props []property) (*vault.Record, error) {
	if len(props) == 0 {
		return rec, nil
	}
	var m yaml.Node
	if err := m.Encode(rec); err != nil {
		return nil, fmt.Errorf("building the front matter: %w", err)
	}
	for _, p := range props {
		m.Content = append(m.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: p.key},
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: p.value})
	}
	return reparse(&m, rec.Body, rec.Path)
}

// reparse builds a record from a front matter mapping and a body, keeping
// every key of the mapping: Parley's in its fields, the others in the
// record's front matter, written back in their place.
func reparse(front *yaml.Node, body, rel string) (*vault.Record, error) {
	var y []byte
	if len(front.Content) > 0 {
		// An empty mapping marshals as "{}", and a record read from
		// that would keep writing its front matter in flow style.
		var err error
		if y, err = yaml.Marshal(front); err != nil {
			return nil, fmt.Errorf("building the front matter: %w", err)
		}
	}
	data := make([]byte, 0, len(y)+len(body)+8)
	data = append(data, "---\n"...)
	data = append(data, y...)
	data = append(data, "---\n"...)
	data = append(data, body...)
	rec := vault.Parse(data, rel)
	if rec.Broken() {
		return nil, fmt.Errorf("building the front matter: %s", rec.Problem)
	}
	return rec, nil
}

// hashBytes is the hex SHA-256 of b.
func hashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

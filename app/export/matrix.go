package export

import (
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

// matrix is the issue × round matrix cut down to the selection: its rows
// are the selected issues, its columns the selected rounds, in the
// notebook's order (rounds by date, issues as the rounds took them up).
type matrix struct {
	full   *app.Matrix
	Rounds []*vault.Record
	Issues []*vault.Record
}

func (x *exporter) matrix() (*matrix, error) {
	full, err := x.nb.Matrix(x.ctx)
	if err != nil {
		return nil, err
	}
	m := &matrix{full: full}
	for _, r := range full.Rounds {
		if x.sel.Has(r.ID) {
			m.Rounds = append(m.Rounds, r)
		}
	}
	for _, i := range full.Issues {
		if x.sel.Has(i.ID) {
			m.Issues = append(m.Issues, i)
		}
	}
	return m, nil
}

// Cell is what a round did with an issue.
func (m *matrix) Cell(issueID, roundID string) (vault.AgendaItem, bool) {
	return m.full.Cell(issueID, roundID)
}

// stages lists every round (selected or not) that took up an issue, by
// date: an issue's story is told whole even in a brief of part of it.
func (m *matrix) stages(issueID string) []app.Stage {
	var out []app.Stage
	for _, r := range m.full.Rounds {
		if it, ok := m.full.Cell(issueID, r.ID); ok {
			out = append(out, app.Stage{Round: r, Item: it})
		}
	}
	return out
}

// statusLabel is how a cell's status reads; an agenda item without a
// status still shows the round took the issue up.
func statusLabel(it vault.AgendaItem, ok bool) string {
	switch {
	case !ok:
		return ""
	case it.Status == "":
		return "on agenda"
	}
	return string(it.Status)
}

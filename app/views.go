package app

import (
	"context"
	"sort"
	"strings"

	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// Matrix is the issue × round view: which issue each round took up, and
// where it stood after that round.
type Matrix struct {
	Rounds []*vault.Record // by date
	Issues []*vault.Record // in the order the rounds first took them up
	cells  map[[2]string]vault.AgendaItem
}

// Cell returns what round did with issue, if it took it up.
func (m *Matrix) Cell(issueID, roundID string) (vault.AgendaItem, bool) {
	c, ok := m.cells[[2]string{issueID, roundID}]
	return c, ok
}

// Matrix builds the issue × round matrix from every round's agenda.
func (nb *Notebook) Matrix(ctx context.Context) (*Matrix, error) {
	rounds, err := nb.records(ctx, vault.TypeRound)
	if err != nil {
		return nil, err
	}
	issues, err := nb.records(ctx, vault.TypeIssue)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rounds, func(i, j int) bool { return rounds[i].Date.Time().Before(rounds[j].Date.Time()) })
	m := &Matrix{Rounds: rounds, cells: map[[2]string]vault.AgendaItem{}}
	first := map[string]int{}
	for ri, r := range rounds {
		for _, a := range r.Agenda {
			m.cells[[2]string{a.Issue, r.ID}] = a
			if _, ok := first[a.Issue]; !ok {
				first[a.Issue] = ri
			}
		}
	}
	sort.SliceStable(issues, func(i, j int) bool {
		fi, oki := first[issues[i].ID]
		fj, okj := first[issues[j].ID]
		switch {
		case oki != okj:
			return oki
		case fi != fj:
			return fi < fj
		}
		return strings.ToLower(issues[i].Title) < strings.ToLower(issues[j].Title)
	})
	m.Issues = issues
	return m, nil
}

// records reads every record of a type.
func (nb *Notebook) records(ctx context.Context, t vault.Type) ([]*vault.Record, error) {
	hits, err := nb.List(ctx, t)
	if err != nil {
		return nil, err
	}
	return nb.read(ctx, hits)
}

func (nb *Notebook) read(ctx context.Context, hits []index.Hit) ([]*vault.Record, error) {
	out := make([]*vault.Record, 0, len(hits))
	for _, h := range hits {
		rec, err := nb.vault.Read(h.Path)
		if err != nil {
			continue // gone since it was indexed
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// Stage is one round's take on an issue.
type Stage struct {
	Round *vault.Record
	Item  vault.AgendaItem
}

// History lists the rounds that took up an issue, in date order.
func (nb *Notebook) History(ctx context.Context, issueID string) ([]Stage, error) {
	res, err := nb.Search(ctx, index.Request{Query: "+type:round +links:" + quote(issueID), Sort: index.OldestFirst, Limit: 1000}, false)
	if err != nil {
		return nil, err
	}
	rounds, err := nb.read(ctx, res.Hits)
	if err != nil {
		return nil, err
	}
	var out []Stage
	for _, r := range rounds {
		for _, a := range r.Agenda {
			if a.Issue == issueID {
				out = append(out, Stage{Round: r, Item: a})
			}
		}
	}
	return out, nil
}

// Evidence is an annotated passage that bears on an issue or round.
type Evidence struct {
	Clip       *vault.Record
	Annotation vault.Annotation
}

// Evidence lists the annotations linked to a record (an issue or a round),
// newest clip first.
func (nb *Notebook) Evidence(ctx context.Context, id string) ([]Evidence, error) {
	res, err := nb.Search(ctx, index.Request{Query: "+type:annotation +links:" + quote(id), Sort: index.NewestFirst, Limit: 1000}, false)
	if err != nil {
		return nil, err
	}
	var out []Evidence
	clips := map[string]*vault.Record{}
	for _, h := range res.Hits {
		clip, ok := clips[h.Parent]
		if !ok {
			clip, err = nb.vault.Read(h.Path)
			if err != nil {
				continue
			}
			clips[h.Parent] = clip
		}
		_, annID := SplitDocID(h.ID)
		if a, ok := clip.Annotation(annID); ok {
			out = append(out, Evidence{Clip: clip, Annotation: *a})
		}
	}
	return out, nil
}

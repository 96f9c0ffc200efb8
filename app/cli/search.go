package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"strings"

	"github.com/parley-notes/parley/index"
	"golang.org/x/term"
)

// searchJSON is the stable shape of `search --json`.
type searchJSON struct {
	Total  uint64                    `json:"total"`
	TookMS float64                   `json:"took_ms"`
	Hits   []hitJSON                 `json:"hits"`
	Facets map[string]map[string]int `json:"facets"`
}

type hitJSON struct {
	ID          string              `json:"id"`
	Type        string              `json:"type"`
	Title       string              `json:"title"`
	Path        string              `json:"path"`
	Score       float64             `json:"score"`
	Date        string              `json:"date"`
	Parent      string              `json:"parent,omitempty"`
	ParentTitle string              `json:"parent_title,omitempty"`
	Fragments   map[string][]string `json:"fragments"`
}

func runSearch(c *ctx, args []string) error {
	fs := flagSet("search")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 20, "how many hits")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *limit < 1 {
		return usagef("search: --limit must be at least 1")
	}
	q := strings.Join(rest, " ")
	nb, err := c.open()
	if err != nil {
		return err
	}
	defer nb.Close()
	bg := context.Background()
	req := index.Request{Query: q, Limit: *limit, CountFacets: *asJSON}
	res, err := nb.Search(bg, req, true)
	if err != nil {
		return err
	}
	if !*asJSON {
		printHits(c, res)
		return nil
	}
	facets, err := nb.Facets(bg, req)
	if err != nil {
		return err
	}
	out := searchJSON{Total: res.Total, TookMS: float64(res.Took.Microseconds()) / 1000, Hits: []hitJSON{}, Facets: map[string]map[string]int{}}
	for _, h := range res.Hits {
		hj := hitJSON{ID: h.ID, Type: h.Type, Title: h.Title, Path: h.Path, Score: h.Score, Parent: h.Parent, ParentTitle: h.ParentTitle, Fragments: h.Fragments}
		if !h.Date.IsZero() {
			hj.Date = h.Date.Format("2006-01-02")
		}
		if hj.Fragments == nil {
			hj.Fragments = map[string][]string{}
		}
		out.Hits = append(out.Hits, hj)
	}
	for _, name := range index.FacetFields {
		m := map[string]int{}
		for _, v := range facets[name] {
			m[v.Value] = v.Count
		}
		out.Facets[name] = m
	}
	return writeJSON(c, out)
}

// printHits lists hits for a person: a line per hit and its best excerpt,
// the matched words in bold on a terminal.
func printHits(c *ctx, res *index.Result) {
	w := c.env.Stdout
	f, ok := w.(*os.File)
	tty := ok && term.IsTerminal(int(f.Fd()))
	plural := "s"
	if res.Total == 1 {
		plural = ""
	}
	fmt.Fprintf(w, "%d result%s (%.1f ms)\n", res.Total, plural, float64(res.Took.Microseconds())/1000)
	for _, h := range res.Hits {
		date := "          "
		if !h.Date.IsZero() {
			date = h.Date.Format("2006-01-02")
		}
		title := h.Title
		if h.Type == index.TypeAnnotation {
			title = "on " + h.ParentTitle
		}
		fmt.Fprintf(w, "%-10s %s  %s  [%s]\n", h.Type, date, title, h.ID)
		if frag := bestFragment(h.Fragments); frag != "" {
			fmt.Fprintf(w, "           %s\n", markFragment(frag, tty))
		}
	}
}

func bestFragment(f map[string][]string) string {
	for _, field := range []string{"body", "comment", "meta", "title"} {
		if len(f[field]) > 0 {
			return f[field][0]
		}
	}
	return ""
}

// markFragment turns a fragment's HTML into terminal text.
func markFragment(frag string, tty bool) string {
	on, off := "", ""
	if tty {
		on, off = "\033[1m", "\033[0m"
	}
	frag = strings.ReplaceAll(frag, "<mark>", on)
	frag = strings.ReplaceAll(frag, "</mark>", off)
	return html.UnescapeString(frag)
}

func writeJSON(c *ctx, v any) error {
	enc := json.NewEncoder(c.env.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

package export

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/parley-notes/parley/app/vault"
)

// The W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/)
// as Parley writes it. Annotations are embedded in the collection's first
// (and only) page, so that one file carries them all.
//
// An annotation's comment is its TextualBody (purpose commenting); its
// grade a second TextualBody (purpose classifying, value e.g. "B2"); each
// issue or round it bears on a SpecificResource body (purpose tagging)
// whose source is urn:parley:<record id>, the id of the record in the
// vault and in a JSON backup. The target is the clip's address (its URL,
// else urn:parley:<clip id>) with a TextQuoteSelector: exact, prefix and
// suffix, as Parley anchors the passage.
const annoContext = "http://www.w3.org/ns/anno.jsonld"

// URNPrefix names Parley's records, and annotations as URNPrefix +
// clip id + "#" + annotation id, in the JSON-LD export.
const URNPrefix = "urn:parley:"

type annoCollection struct {
	Context   string    `json:"@context"`
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Label     string    `json:"label"`
	Total     int       `json:"total"`
	Generator annoAgent `json:"generator"`
	Generated string    `json:"generated"`
	First     *annoPage `json:"first,omitempty"`
}

type annoAgent struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

type annoPage struct {
	ID         string     `json:"id"`
	Type       string     `json:"type"`
	StartIndex int        `json:"startIndex"`
	Items      []annoItem `json:"items"`
}

type annoItem struct {
	ID         string     `json:"id"`
	Type       string     `json:"type"`
	Motivation string     `json:"motivation"`
	Created    string     `json:"created,omitempty"`
	Body       []annoBody `json:"body,omitempty"`
	Target     annoTarget `json:"target"`
}

type annoBody struct {
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
	Value   string `json:"value,omitempty"`
	Format  string `json:"format,omitempty"`
	Source  string `json:"source,omitempty"`
}

type annoTarget struct {
	Source   string       `json:"source"`
	Selector annoSelector `json:"selector"`
}

type annoSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

// webAnnotation is one annotation of a clip in the W3C model.
func webAnnotation(clip *vault.Record, a vault.Annotation) annoItem {
	it := annoItem{
		ID:         URNPrefix + clip.ID + "#" + a.ID,
		Type:       "Annotation",
		Motivation: "highlighting",
		Target: annoTarget{
			Source:   clipAddress(clip),
			Selector: annoSelector{Type: "TextQuoteSelector", Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix},
		},
	}
	if !a.Created.IsZero() {
		it.Created = a.Created.UTC().Format(time.RFC3339)
	}
	if c := strings.TrimSpace(a.Comment); c != "" {
		it.Motivation = "commenting"
		it.Body = append(it.Body, annoBody{Type: "TextualBody", Purpose: "commenting", Value: a.Comment, Format: "text/plain"})
	}
	if g := strings.TrimSpace(a.Grade); g != "" {
		it.Body = append(it.Body, annoBody{Type: "TextualBody", Purpose: "classifying", Value: g})
	}
	for _, id := range append(append([]string(nil), a.Issues...), a.Rounds...) {
		it.Body = append(it.Body, annoBody{Type: "SpecificResource", Purpose: "tagging", Source: URNPrefix + id})
	}
	return it
}

// clipAddress is what an annotation of the clip targets: the page it was
// clipped from, else the clip itself.
func clipAddress(clip *vault.Record) string {
	for _, u := range []string{clip.URL, clip.CanonicalURL} {
		if p, err := url.Parse(u); err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" {
			return u
		}
	}
	return URNPrefix + clip.ID
}

// annotations writes the selected clips' annotations as one
// AnnotationCollection.
func (x *exporter) annotations() error {
	abs, err := x.fileOut("annotations.jsonld")
	if err != nil {
		return err
	}
	var items []annoItem
	ids := sha256.New()
	for _, rec := range x.sel.Records {
		if rec.Broken() {
			if rec.Type == vault.TypeClip {
				x.rep.skip(rec.Path, "%s", rec.Problem)
			}
			continue
		}
		if len(rec.Annotations) > 0 {
			x.rep.Records++
		}
		for _, a := range rec.Annotations {
			it := webAnnotation(rec, a)
			items = append(items, it)
			ids.Write([]byte(it.ID + "\n"))
			x.rep.Annotations++
		}
		if err := x.step("Writing annotations"); err != nil {
			return err
		}
	}
	// The collection's id is derived from what it holds, so that exporting
	// the same annotations twice gives the same file.
	coll := annoCollection{
		Context:   annoContext,
		ID:        URNPrefix + "annotations:" + hex.EncodeToString(ids.Sum(nil))[:32],
		Type:      "AnnotationCollection",
		Label:     "Parley annotations: " + x.sel.Description,
		Total:     len(items),
		Generator: annoAgent{Type: "Software", Name: "Parley"},
		Generated: now().UTC().Format(time.RFC3339),
	}
	if items == nil {
		items = []annoItem{}
	}
	coll.First = &annoPage{ID: coll.ID + ":page1", Type: "AnnotationPage", StartIndex: 0, Items: items}
	return x.writeFile(abs, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(coll); err != nil {
			return fmt.Errorf("writing %s: %w", abs, err)
		}
		return nil
	})
}

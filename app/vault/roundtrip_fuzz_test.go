package vault

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

// FuzzRoundTrip writes records made from arbitrary titles, bodies and
// tags, as a save does (Normalize, Validate, Marshal), and reads them
// back: what was saved must read back the same, and writing it again must
// give the same bytes (FuzzParse goes the other way, from arbitrary files).
//
//	go test ./app/vault -run '^$' -fuzz FuzzRoundTrip -fuzztime 1m
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []struct{ title, body, tag string }{
		{"Round 2 — Istanbul", "# Heading\n\nText with [[Wiki link]].\n", "embassies"},
		{"Раунд", "Текст.\n", "посольства"},
		{"---", "---\ntitle: inner\n---\n", "#tag"},
		{" leading space", " \n\n ", " "},
		{"Quote: \"x\" & 'y'", "line\r\nwindows\r\n", "a: b"},
		{"bad \xff title", "nul \x00 body", "\xfe"},
		{"yes", "no", "null"},
		{"- item", "> quote", "[x]"},
		{"Report\u202Egpj.exe", "\u202E", "\u200b"},
	} {
		f.Add(s.title, s.body, s.tag)
	}
	when := time.Date(2025, 4, 10, 19, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, body, tag string) {
		rec := &Record{ID: "01JRGH5GW00N78W6TWGBS7GVS0", Type: TypeNote, Title: title, Body: body, Tags: StringList{tag}}
		rec.Normalize(when)
		if rec.Validate() != nil {
			return // an empty title, say: the form says so before any save
		}
		out, err := Marshal(rec)
		if err != nil {
			t.Fatalf("a valid record cannot be written: %v\n%q", err, title)
		}
		back := Parse(out, "notes/x.md")
		if back.Broken() {
			t.Fatalf("what was written does not read back (%s):\n%q", back.Problem, out)
		}
		if back.ID != rec.ID || back.Type != rec.Type || back.Title != rec.Title || back.Body != rec.Body || !slices.Equal(back.Tags, rec.Tags) {
			t.Fatalf("the record changed on the way:\n%+v\n%+v\n%q", rec, back, out)
		}
		again, err := Marshal(back)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("writing it again changes the file (%v):\n%q\n%q", err, out, again)
		}
	})
}

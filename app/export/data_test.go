package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parley-notes/parley/app/backup"
	"github.com/parley-notes/parley/app/vault"
)

func TestJSONBackup(t *testing.T) {
	nb := openDemo(t)
	ctx := context.Background()
	png := pngBytes(t)
	att, err := nb.PutAttachment(clipRUID, "схема.png", png)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := nb.PutAttachment(clipENID, "other.bin", []byte{0, 1, 2, 255})
	// A file Parley cannot parse is kept too, byte for byte.
	broken := []byte("---\ntitle: [unclosed\n---\nText.\n")
	if err := os.WriteFile(nb.Abs("notes/broken.md"), broken, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := nb.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	var recs []*vault.Record
	nb.Each(ctx, func(r *vault.Record) error { recs = append(recs, r); return nil })

	tests := []struct {
		name     string
		opts     Options
		records  int
		attached []string
	}{
		{"whole vault", Options{}, len(recs), []string{other, att}},
		{"one clip", Options{ID: clipRUID}, 1, []string{att}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Format = JSON
			opts.Out = t.TempDir() // a folder: the file gets its default name
			rep := export(t, nb, opts)
			f, err := os.Open(filepath.Join(opts.Out, "parley-backup.json"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b, err := backup.Read(f)
			if err != nil {
				t.Fatal(err)
			}
			if b.Format != backup.Format || b.Version != backup.Version || !b.Created.Equal(now()) {
				t.Errorf("header %q %d %v", b.Format, b.Version, b.Created)
			}
			if len(b.Records) != tt.records || rep.Records != tt.records {
				t.Errorf("%d records in the backup, %d reported, want %d", len(b.Records), rep.Records, tt.records)
			}
			for _, r := range b.Records {
				disk, err := os.ReadFile(nb.Abs(r.Path))
				if err != nil {
					t.Fatal(err)
				}
				if r.File != string(disk) {
					t.Errorf("%s is not byte for byte the file", r.Path)
				}
				// The parsed fields are `parley show --json`'s, through JSON.
				var want map[string]any
				j, _ := json.Marshal(RecordJSON(vault.Parse(disk, r.Path)))
				json.Unmarshal(j, &want)
				if !reflect.DeepEqual(r.Record, want) {
					t.Errorf("%s: fields\n got %v\nwant %v", r.Path, r.Record, want)
				}
			}
			var paths []string
			for _, a := range b.Attachments {
				paths = append(paths, a.Path)
				disk, _ := os.ReadFile(nb.Abs(a.Path))
				if !bytes.Equal(a.Data, disk) {
					t.Errorf("attachment %s changed", a.Path)
				}
			}
			if !slices.Equal(sorted(paths...), sorted(tt.attached...)) || rep.Attachments != len(tt.attached) {
				t.Errorf("attachments %q (reported %d), want %q", paths, rep.Attachments, tt.attached)
			}
		})
	}
}

// readCSV reads an exported CSV file, which starts with a BOM.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(utf8BOM)) {
		t.Errorf("%s has no BOM", path)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(utf8BOM)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestCSV(t *testing.T) {
	nb := openDemo(t)
	save(t, nb, &vault.Record{Type: vault.TypeClip, Title: `=HYPERLINK("https://evil.example","click")`, ClipFields: vault.ClipFields{
		URL: "https://example.com/x", Site: "@evil", Byline: "+1", Lang: "en",
		Published: mustDate(t, "2025-04-12"),
	}})
	dir := t.TempDir()
	out := filepath.Join(dir, "talks.csv")
	rep := export(t, nb, Options{Format: CSV, Out: out})
	matrixPath, clipsPath := filepath.Join(dir, "talks-matrix.csv"), filepath.Join(dir, "talks-clips.csv")
	if !slices.Equal(rep.Outputs, []string{matrixPath, clipsPath}) {
		t.Errorf("outputs %q", rep.Outputs)
	}
	matrix := readCSV(t, matrixPath)
	wantMatrix := [][]string{
		// Rounds by date, the date first so that a spreadsheet sorts them.
		{"issue", "issue_id", "status", "2025-02-27 " + round1, "2025-04-10 " + round2},
		{banking, bankingID, "progress", "raised", "progress"},
		{property, "01JRHXVJK00K8M5CF9PF1B1N57", "discussed", "raised", "discussed"},
		{staff, "01JRHXSR00F11XA7YWYQYCSPE1", "discussed", "raised", "discussed"},
		{flights, "01JRHXZ7S0XHPAA3DMSKRT7KP8", "raised", "", "raised"},
		{movement, "01JRHY12C0G6DNPCC8ARAPQ30N", "raised", "", "raised"},
	}
	if !reflect.DeepEqual(matrix, wantMatrix) {
		t.Errorf("matrix\n got %q\nwant %q", matrix, wantMatrix)
	}
	clips := readCSV(t, clipsPath)
	if !slices.Equal(clips[0], clipColumns) || len(clips) != 4 {
		t.Fatalf("clips %q", clips)
	}
	byTitle := map[string][]string{}
	for _, row := range clips[1:] {
		if len(row) != len(clipColumns) {
			t.Fatalf("row %q has %d cells", row, len(row))
		}
		byTitle[row[1]] = row
	}
	ru := byTitle[clipRU]
	if want := []string{clipRUID, clipRU, "Образец ленты (демо)", "Демо-редакция", "2025-04-10", "2025-04-11T09:01:00Z", "ru", "B2", "https://example.com/demo/ru/konsultacii-stambul", "embassies; us-russia; demo", "1"}; !slices.Equal(ru, want) {
		t.Errorf("Russian clip\n got %q\nwant %q", ru, want)
	}
	if en := byTitle[clipEN]; en == nil || en[10] != "4" {
		t.Errorf("English clip %q: want 4 annotations", en)
	}
	evil := byTitle[`'=HYPERLINK("https://evil.example","click")`]
	if evil == nil || evil[2] != "'@evil" || evil[3] != "'+1" {
		t.Errorf("formula cells not defused: %q", clips)
	}
	// A folder gets matrix.csv and clips.csv.
	folder := filepath.Join(dir, "csv")
	export(t, nb, Options{Format: CSV, Out: folder, ID: round1ID})
	if m := readCSV(t, filepath.Join(folder, "matrix.csv")); len(m) != 4 || len(m[0]) != 5 {
		t.Errorf("the matrix of round 1 and what is linked to it: %q", m)
	}
	golden(t, "matrix.csv", mustRead(t, matrixPath))
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustDate(t *testing.T, s string) vault.Date {
	t.Helper()
	d, err := vault.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAnnotationsJSONLD(t *testing.T) {
	nb := openDemo(t)
	save(t, nb, &vault.Record{Type: vault.TypeClip, Title: "No address", ClipFields: vault.ClipFields{
		Annotations: []vault.Annotation{{Exact: "a passage", Grade: "A1"}},
	}})
	out := filepath.Join(t.TempDir(), "annotations.jsonld")
	rep := export(t, nb, Options{Format: Annotations, Out: out})
	if rep.Annotations != 6 || rep.Records != 3 {
		t.Errorf("report %+v", rep)
	}
	raw := mustRead(t, out)
	var coll struct {
		Context string `json:"@context"`
		ID      string `json:"id"`
		Type    string `json:"type"`
		Total   int    `json:"total"`
		First   struct {
			ID    string `json:"id"`
			Type  string `json:"type"`
			Items []struct {
				ID         string `json:"id"`
				Type       string `json:"type"`
				Motivation string `json:"motivation"`
				Created    string `json:"created"`
				Body       []struct {
					Type, Purpose, Value, Source, Format string
				} `json:"body"`
				Target struct {
					Source   string `json:"source"`
					Selector struct {
						Type, Exact, Prefix, Suffix string
					} `json:"selector"`
				} `json:"target"`
			} `json:"items"`
		} `json:"first"`
	}
	if err := json.Unmarshal(raw, &coll); err != nil {
		t.Fatal(err)
	}
	if coll.Context != "http://www.w3.org/ns/anno.jsonld" || coll.Type != "AnnotationCollection" || coll.Total != 6 ||
		coll.First.Type != "AnnotationPage" || len(coll.First.Items) != 6 || !strings.HasPrefix(coll.ID, "urn:") || coll.First.ID == "" {
		t.Fatalf("collection %+v", coll)
	}
	byID := map[string]int{}
	for i, it := range coll.First.Items {
		byID[it.ID] = i
		if it.Type != "Annotation" || it.Target.Selector.Type != "TextQuoteSelector" || it.Target.Selector.Exact == "" {
			t.Errorf("item %+v", it)
		}
	}
	ru := coll.First.Items[byID["urn:parley:"+clipRUID+"#"+annRUID]]
	sel := ru.Target.Selector
	if ru.Motivation != "commenting" || ru.Created != "2025-04-11T10:00:00Z" ||
		ru.Target.Source != "https://example.com/demo/ru/konsultacii-stambul" ||
		sel.Exact != "Стороны обменялись нотами о стабилизации банковского обслуживания посольств" ||
		sel.Prefix != "дипломатических объектов в США. " || sel.Suffix != "." {
		t.Errorf("the Russian annotation: %+v", ru)
	}
	wantBodies := [][2]string{
		{"commenting", "Подтверждает английские сообщения о шаге вперёд по банковскому вопросу."},
		{"classifying", "B2"},
		{"tagging", "urn:parley:" + bankingID},
		{"tagging", "urn:parley:" + round2ID},
	}
	if len(ru.Body) != len(wantBodies) {
		t.Fatalf("bodies %+v", ru.Body)
	}
	for i, w := range wantBodies {
		got := ru.Body[i]
		if got.Purpose != w[0] || (got.Value != w[1] && got.Source != w[1]) {
			t.Errorf("body %d: %+v, want %v", i, got, w)
		}
	}
	for _, it := range coll.First.Items {
		if it.Target.Selector.Exact == "a passage" && (!strings.HasPrefix(it.Target.Source, "urn:parley:") || it.Motivation != "highlighting") {
			t.Errorf("a clip without an address: %+v", it)
		}
	}
	// The demo's annotations alone, as a golden file.
	demo := filepath.Join(t.TempDir(), "demo.jsonld")
	export(t, openDemo(t), Options{Format: Annotations, Out: demo})
	golden(t, "annotations-demo.jsonld", mustRead(t, demo))
}

package corpus

import (
	"reflect"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a, b := New(500, 7), New(500, 7)
	for _, i := range []int{0, 1, 250, 499} {
		if !reflect.DeepEqual(a.Clip(i), b.Clip(i)) {
			t.Fatalf("clip %d differs between two corpora of the same seed", i)
		}
	}
	if !reflect.DeepEqual(a.Round(0), b.Round(0)) || !reflect.DeepEqual(a.Issue(3), b.Issue(3)) || !reflect.DeepEqual(a.Note(0), b.Note(0)) {
		t.Fatal("rounds, issues or notes differ between two corpora of the same seed")
	}
	if New(500, 8).Clip(0).Title == a.Clip(0).Title {
		t.Error("another seed gives the same clip")
	}
}

func TestShape(t *testing.T) {
	c := New(2000, 1)
	var bytes, ru, annotated int
	distinct := map[string]bool{}
	for i := 0; i < c.N; i++ {
		cl := c.Clip(i)
		if cl.ID != c.ClipID(i) {
			t.Fatalf("clip %d: id %s, ClipID says %s", i, cl.ID, c.ClipID(i))
		}
		body := Body(cl.Paragraphs)
		if n := len(body); n < 2<<10 || n > 20<<10 {
			t.Errorf("clip %d: body of %d bytes", i, n)
		}
		bytes += len(body)
		if cl.Lang == "ru" {
			ru++
		}
		if len(cl.Annotations) > 0 {
			annotated++
		}
		for _, a := range cl.Annotations {
			if !strings.Contains(body, a.Prefix+a.Exact+a.Suffix) {
				t.Errorf("clip %d: annotation %q is not anchored in the text", i, a.Exact)
			}
		}
		for _, w := range strings.Fields(body) {
			distinct[strings.ToLower(strings.Trim(w, ".,"))] = true
		}
	}
	if mean := bytes / c.N; mean < 5000 || mean > 7000 {
		t.Errorf("mean body %d bytes, want about 6 KB", mean)
	}
	if ru < c.N/20 || ru > c.N/5 {
		t.Errorf("%d of %d clips in Russian, want about 10%%", ru, c.N)
	}
	if annotated < c.N/8 || annotated > c.N/3 {
		t.Errorf("%d of %d clips annotated, want about 20%%", annotated, c.N)
	}
	if len(c.en.words) < 100_000 {
		t.Errorf("vocabulary of %d English words", len(c.en.words))
	}
	// 2,000 clips use a good part of the vocabulary already.
	if len(distinct) < 40_000 {
		t.Errorf("only %d distinct words in %d clips", len(distinct), c.N)
	}
}

func TestQueries(t *testing.T) {
	c := New(300, 1)
	qs := c.Queries(20)
	per := map[string]int{}
	for _, q := range qs {
		per[q.Class]++
		if q.Text == "" {
			t.Errorf("empty %s query", q.Class)
		}
	}
	for _, class := range QueryClasses {
		if per[class] != 20 {
			t.Errorf("%d %s queries, want 20", per[class], class)
		}
	}
}

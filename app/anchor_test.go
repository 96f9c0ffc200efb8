package app

import (
	"strings"
	"testing"

	"github.com/parley-notes/parley/app/vault"
)

func TestAnchor(t *testing.T) {
	text := "The talks resumed. The talks resumed after a pause in March. Local staff remain banned."
	second := strings.Index(text, "The talks resumed after")
	a := NewAnnotation(text, second, second+len("The talks resumed"))
	tests := []struct {
		name  string
		text  string
		want  string // the text at the anchor; "" when it must not anchor
		start int    // -1 to skip the offset check
	}{
		{"unchanged picks the right twin", text, "The talks resumed", second},
		{"edit before", "Preface. " + text, "The talks resumed", second + len("Preface. ")},
		{"reflowed and recased", "the TALKS\n\nresumed after a pause.", "the TALKS\n\nresumed", -1},
		{"gone", "Nothing here.", "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e, ok := Anchor(tt.text, a)
			if tt.want == "" {
				if ok {
					t.Errorf("anchored at %q", tt.text[s:e])
				}
				return
			}
			if !ok || tt.text[s:e] != tt.want || (tt.start >= 0 && s != tt.start) {
				t.Errorf("got %v %d %q", ok, s, tt.text[s:min(e, len(tt.text))])
			}
		})
	}
}

func TestNewAnnotationContext(t *testing.T) {
	text := "Россия запрещает посольству США нанимать местных сотрудников."
	s := strings.Index(text, "посольству")
	a := NewAnnotation(text, s, s+len("посольству"))
	if a.Exact != "посольству" || !strings.HasSuffix(a.Prefix, "запрещает ") || !strings.HasPrefix(a.Suffix, " США") || a.ID == "" {
		t.Errorf("%+v", a)
	}
	if _, _, ok := Anchor(text, vault.Annotation{}); ok {
		t.Error("an empty quote anchored")
	}
}

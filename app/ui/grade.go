package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The Admiralty (NATO) grading: how reliable the source is, and how
// credible the information.
var (
	sourceGrades = []string{"A – completely reliable", "B – usually reliable", "C – fairly reliable", "D – not usually reliable", "E – unreliable", "F – cannot be judged"}
	infoGrades   = []string{"1 – confirmed", "2 – probably true", "3 – possibly true", "4 – doubtful", "5 – improbable", "6 – cannot be judged"}
)

const noGrade = "–"

// gradePicker edits an Admiralty grade such as B2 with two choices.
type gradePicker struct {
	source, info *widget.Select
	content      fyne.CanvasObject
}

func newGradePicker(code string, changed func(string)) *gradePicker {
	g := &gradePicker{}
	g.source = widget.NewSelect(append([]string{noGrade}, sourceGrades...), nil)
	g.info = widget.NewSelect(append([]string{noGrade}, infoGrades...), nil)
	g.source.PlaceHolder, g.info.PlaceHolder = "source", "information"
	g.set(code)
	notify := func(string) {
		if changed != nil {
			changed(g.value())
		}
	}
	g.source.OnChanged, g.info.OnChanged = notify, notify
	// Wide enough to read "B – usually reliable" once chosen.
	size := fyne.NewSize(190, g.source.MinSize().Height)
	g.content = container.NewHBox(container.NewGridWrap(size, g.source), container.NewGridWrap(size, g.info))
	return g
}

// set shows a grade without reporting a change.
func (g *gradePicker) set(code string) {
	code = strings.ToUpper(strings.TrimSpace(code))
	pick := func(s *widget.Select, options []string, c byte) {
		for _, o := range options {
			if o[0] == c {
				s.Selected = o
				s.Refresh()
				return
			}
		}
		s.Selected = ""
		s.Refresh()
	}
	var src, inf byte
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c >= 'A' && c <= 'F':
			src = c
		case c >= '1' && c <= '6':
			inf = c
		}
	}
	pick(g.source, sourceGrades, src)
	pick(g.info, infoGrades, inf)
}

// value is the grade as a code: "B2", "B", "2" or "".
func (g *gradePicker) value() string {
	code := ""
	for _, s := range []*widget.Select{g.source, g.info} {
		if s.Selected != "" && s.Selected != noGrade {
			code += s.Selected[:1]
		}
	}
	return code
}

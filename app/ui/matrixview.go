package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

// statusColors colour the matrix's cells, from a raised issue to an agreed
// one; the same colours as the HTML brief.
var statusColors = map[vault.Status]color.NRGBA{
	vault.StatusRaised:    {0x90, 0xa4, 0xae, 0xff},
	vault.StatusDiscussed: {0x42, 0x85, 0xf4, 0xff},
	vault.StatusProgress:  {0xf4, 0xb4, 0x00, 0xff},
	vault.StatusAgreed:    {0x0f, 0x9d, 0x58, 0xff},
	vault.StatusStalled:   {0xdb, 0x44, 0x37, 0xff},
	vault.StatusDropped:   {0x61, 0x61, 0x61, 0xff},
}

// matrixView shows the issue × round matrix: a row per issue, a column per
// round in date order, each cell the issue's status after that round.
// Tapping an issue or a round opens it; tapping a cell opens the round.
type matrixView struct {
	content fyne.CanvasObject
}

func newMatrixView(w *mainWindow, m *app.Matrix) *matrixView {
	if len(m.Issues) == 0 || len(m.Rounds) == 0 {
		return &matrixView{content: container.NewCenter(faint("The matrix fills in as rounds take up issues: record a round (Ctrl+Shift+R) and add issues to its agenda."))}
	}
	const colWidth, firstCol = 130, 300
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(m.Issues), len(m.Rounds) },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(color.Transparent)
			l := widget.NewLabel("")
			l.Alignment = fyne.TextAlignCenter
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(bg, l)
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			c, ok := m.Cell(m.Issues[id.Row].ID, m.Rounds[id.Col].ID)
			stack := o.(*fyne.Container)
			bg, l := stack.Objects[0].(*canvas.Rectangle), stack.Objects[1].(*widget.Label)
			if !ok {
				bg.FillColor = color.Transparent
				l.SetText("")
			} else {
				col := statusColors[c.Status]
				col.A = 0x90
				bg.FillColor = col
				l.SetText(string(c.Status))
			}
			bg.Refresh()
		})
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle.Bold = true
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		switch {
		case id.Row < 0 && id.Col >= 0:
			r := m.Rounds[id.Col]
			l.SetText(r.Date.Time().Format("2 Jan 2006"))
		case id.Col < 0 && id.Row >= 0:
			l.SetText(m.Issues[id.Row].Title)
		default:
			l.SetText("")
		}
	}
	t.OnSelected = func(id widget.TableCellID) {
		t.UnselectAll()
		switch {
		case id.Row >= 0 && id.Col >= 0:
			w.openRecord(m.Rounds[id.Col].ID, "")
		case id.Row >= 0:
			w.openRecord(m.Issues[id.Row].ID, "")
		case id.Col >= 0:
			w.openRecord(m.Rounds[id.Col].ID, "")
		}
	}
	for i := range m.Rounds {
		t.SetColumnWidth(i, colWidth)
	}
	t.SetColumnWidth(-1, firstCol)
	legend := container.NewHBox()
	for _, s := range vault.Statuses {
		sw := canvas.NewRectangle(statusColors[s])
		sw.SetMinSize(fyne.NewSize(14, 14))
		legend.Add(container.NewHBox(container.NewCenter(sw), widget.NewLabel(string(s))))
	}
	title := widget.NewLabel("Issue × round matrix")
	title.TextStyle.Bold = true
	title.SizeName = "subHeadingText"
	return &matrixView{content: container.NewBorder(container.NewVBox(title, legend), nil, nil, nil, t)}
}

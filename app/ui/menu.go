package ui

import (
	"fmt"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

// shortcut is Ctrl+key (Cmd+key on macOS), with Shift when shift is set.
func shortcut(key fyne.KeyName, shift bool) fyne.Shortcut {
	mod := fyne.KeyModifierShortcutDefault
	if shift {
		mod |= fyne.KeyModifierShift
	}
	return &desktop.CustomShortcut{KeyName: key, Modifier: mod}
}

// command is a menu item with its keyboard shortcut. Shortcuts live in the
// menu because a window's menu gets them first, whichever field has the
// keyboard; on macOS the menu is the system menu bar.
type command struct {
	label string
	key   fyne.KeyName
	shift bool
	run   func()
}

func (w *mainWindow) commands() [][]command {
	return [][]command{
		{ // File
			{"New note", fyne.KeyN, false, func() { w.newRecord(vault.TypeNote) }},
			{"New round", fyne.KeyR, true, func() { w.newRecord(vault.TypeRound) }},
			{"New issue", fyne.KeyI, true, func() { w.newRecord(vault.TypeIssue) }},
			{"Clip…", fyne.KeyL, false, w.showClipDialog},
			{"Save", fyne.KeyS, false, func() { w.detail.saveNow(nil) }},
			{"Import…", fyne.KeyO, true, w.showImportDialog},
			{"Export…", fyne.KeyE, true, w.showExportDialog},
		},
		{ // Edit
			{"Search", fyne.KeyK, false, w.focusSearch},
			{"Find", fyne.KeyF, false, w.focusSearch},
			{"Annotate selection", fyne.KeyE, false, w.annotate},
		},
		{ // View
			{"Issue × round matrix", fyne.KeyM, true, w.showMatrix},
		},
	}
}

func (w *mainWindow) mainMenu() *fyne.MainMenu {
	names := []string{"File", "Edit", "View"}
	var menus []*fyne.Menu
	for i, group := range w.commands() {
		var items []*fyne.MenuItem
		for _, c := range group {
			it := fyne.NewMenuItem(c.label, c.run)
			it.Shortcut = shortcut(c.key, c.shift)
			items = append(items, it)
		}
		if i == 0 {
			// Quit saves like closing the window does (Ctrl+Q; ⌘Q on
			// macOS, where it sits in the application menu).
			quit := fyne.NewMenuItem("Quit", w.closeWindow)
			quit.IsQuit = true
			quit.Shortcut = shortcut(fyne.KeyQ, false)
			items = append(items, fyne.NewMenuItemSeparator(), quit)
		}
		menus = append(menus, fyne.NewMenu(names[i], items...))
	}
	menus = append(menus, fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", w.showShortcuts),
		fyne.NewMenuItem("Search syntax", w.showSearchHelp),
		fyne.NewMenuItem("About Parley", w.showAbout),
	))
	return fyne.NewMainMenu(menus...)
}

func (w *mainWindow) focusSearch() {
	w.win.Canvas().Focus(w.search)
	w.search.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// annotate annotates the selection of the open clip.
func (w *mainWindow) annotate() {
	if r, ok := w.detail.ed.(*clipReader); ok {
		r.annotate()
		return
	}
	dialog.ShowInformation("Annotate", "Open a clip and select a passage of it to annotate.", w.win)
}

// keyName is how a shortcut reads on goos: KeyModifierShortcutDefault is
// the Command key on macOS, where menus write it ⌘ (and Shift ⇧, before
// it), and Ctrl elsewhere.
func keyName(c command, goos string) string {
	if goos == "darwin" {
		if c.shift {
			return "⇧⌘" + string(c.key)
		}
		return "⌘" + string(c.key)
	}
	if c.shift {
		return "Ctrl+Shift+" + string(c.key)
	}
	return "Ctrl+" + string(c.key)
}

func (w *mainWindow) showShortcuts() {
	var rows []fyne.CanvasObject
	add := func(keys, what string) {
		rows = append(rows, widget.NewLabelWithStyle(keys, fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}), widget.NewLabel(what))
	}
	for _, group := range w.commands() {
		for _, c := range group {
			add(keyName(c, runtime.GOOS), c.label)
		}
	}
	add("Up / Down", "move in the result list (from the search field)")
	add("Enter", "open the highlighted result")
	add("Escape", "clear the search")
	d := dialog.NewCustom("Keyboard shortcuts", "Close", container.NewGridWithColumns(2, rows...), w.win)
	d.Show()
}

// searchHelp explains the query syntax with examples from the demo.
var searchHelp = [][2]string{
	{"embassy", "finds embassy, embassies (English and Russian words are stemmed)"},
	{"\"local staff\"", "the exact phrase"},
	{"+banking -round", "must have banking, must not have round"},
	{"darchev~", "a word misspelt by a letter or two"},
	{"negotiat*", "words starting so (two letters at least)"},
	{"type:round  tags:travel  lang:ru", "by field; also site:, reliability:, party:, status:, location:"},
	{"party:\"United States\"", "a value of several words"},
	{"date:2025-04  date:>=2025-01-01", "by date; created: and updated: too"},
}

func (w *mainWindow) showSearchHelp() {
	var rows []fyne.CanvasObject
	for _, r := range searchHelp {
		rows = append(rows, widget.NewLabelWithStyle(r[0], fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}), widget.NewLabel(r[1]))
	}
	note := widget.NewLabel("Case and accents never matter; words in titles rank first.\nAn empty search lists everything, newest first.")
	d := dialog.NewCustom("Search syntax", "Close", container.NewVBox(container.NewGridWithColumns(2, rows...), note), w.win)
	d.Show()
}

func (w *mainWindow) showAbout() {
	lines := []string{"Parley " + app.Version}
	if app.Commit != "" {
		lines = append(lines, "commit "+app.Commit)
	}
	if app.BuildDate != "" {
		lines = append(lines, "built "+app.BuildDate)
	}
	lines = append(lines, "", "A notebook for following negotiations.", fmt.Sprintf("Vault: %s", w.nb.Root()))
	dialog.ShowInformation("About Parley", strings.Join(lines, "\n"), w.win)
}

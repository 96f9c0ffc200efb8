package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

func TestKeyName(t *testing.T) {
	save := command{label: "Save", key: fyne.KeyS}
	matrix := command{label: "Matrix", key: fyne.KeyM, shift: true}
	tests := []struct {
		c    command
		goos string
		want string
	}{
		{save, "darwin", "⌘S"},
		{matrix, "darwin", "⇧⌘M"},
		{save, "windows", "Ctrl+S"},
		{matrix, "windows", "Ctrl+Shift+M"},
		{save, "linux", "Ctrl+S"},
		{matrix, "linux", "Ctrl+Shift+M"},
	}
	for _, tt := range tests {
		if got := keyName(tt.c, tt.goos); got != tt.want {
			t.Errorf("keyName(%s, %s) = %q, want %q", tt.c.label, tt.goos, got, tt.want)
		}
	}
}

// TestMenuShortcutsFollowTheSystem: every shortcut in the menu uses the
// system's shortcut key (Cmd on macOS, Ctrl elsewhere), no two items share
// one, and Quit is marked so that macOS puts it in the application menu.
func TestMenuShortcutsFollowTheSystem(t *testing.T) {
	w, _ := testWindow(t)
	seen := map[string]string{}
	quit := false
	for _, m := range w.mainMenu().Items {
		for _, it := range m.Items {
			if it.IsSeparator {
				continue
			}
			quit = quit || (it.IsQuit && it.Label == "Quit")
			if it.Shortcut == nil {
				continue
			}
			sc, ok := it.Shortcut.(*desktop.CustomShortcut)
			if !ok || sc.Modifier&fyne.KeyModifierShortcutDefault == 0 {
				t.Errorf("%s > %s: shortcut %#v does not use the system's shortcut key", m.Label, it.Label, it.Shortcut)
				continue
			}
			if other, dup := seen[sc.ShortcutName()]; dup {
				t.Errorf("%s and %s share %s", other, it.Label, sc.ShortcutName())
			}
			seen[sc.ShortcutName()] = it.Label
		}
	}
	if !quit {
		t.Error("no Quit item marked IsQuit")
	}
}

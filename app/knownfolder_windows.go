package app

import "golang.org/x/sys/windows"

// knownDocumentsFolder asks Windows where the user's Documents folder is;
// it may be redirected to OneDrive or a network share.
func knownDocumentsFolder() string {
	p, err := windows.KnownFolderPath(windows.FOLDERID_Documents, 0)
	if err != nil {
		return ""
	}
	return p
}

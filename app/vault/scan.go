package vault

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
)

// File is a record file found by Scan.
type File struct {
	Path string // relative to the vault, with forward slashes
	Sig  Sig
}

// ScanResult is what Scan found: the record files, and the temporary files
// an interrupted save left behind (which are never records).
type ScanResult struct {
	Files []File
	Temps []string
}

// Scan lists the vault's record files: every .md file outside hidden
// folders and attachments/. Links are not followed, so a vault never reaches
// outside itself.
func (v *Vault) Scan() (ScanResult, error) {
	var res ScanResult
	err := filepath.WalkDir(v.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == v.root {
				return err
			}
			// An unreadable folder must not hide the rest of the vault.
			return nil
		}
		name := d.Name()
		rel, _ := filepath.Rel(v.root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if p != v.root && (strings.HasPrefix(name, ".") || rel == AttachmentsDir) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, tempSuffix) {
			res.Temps = append(res.Temps, rel)
			return nil
		}
		if strings.HasPrefix(name, ".") || !d.Type().IsRegular() || !strings.EqualFold(filepath.Ext(name), ".md") {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		res.Files = append(res.Files, File{Path: rel, Sig: sigOf(fi)})
		return nil
	})
	return res, err
}

// AttachmentTemps lists the temporary files that interrupted saves of
// attachments left under attachments/. Scan does not look there (it runs
// at every open, and attachments can be many), so check asks separately.
func (v *Vault) AttachmentTemps() ([]string, error) {
	var out []string
	root := filepath.Join(v.root, AttachmentsDir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipAll
			}
			return nil // an unreadable folder must not hide the rest
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), tempSuffix) {
			rel, _ := filepath.Rel(v.root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}

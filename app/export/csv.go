package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parley-notes/parley/app/vault"
)

// utf8BOM starts each CSV file: without it Excel reads UTF-8 as the
// system code page and Cyrillic turns to mojibake; other readers skip it.
const utf8BOM = "\ufeff"

// clipColumns heads the list of clips.
var clipColumns = []string{"id", "title", "site", "byline", "published", "clipped", "lang", "reliability", "url", "tags", "annotations"}

// csvOut returns the two files a CSV export writes: OUT-matrix.csv and
// OUT-clips.csv when Out ends in .csv, else matrix.csv and clips.csv in
// the folder Out.
func (x *exporter) csvOut() (matrixPath, clipsPath string, err error) {
	out := x.opts.Out
	if strings.EqualFold(filepath.Ext(out), ".csv") {
		base := strings.TrimSuffix(out, filepath.Ext(out))
		matrixPath, clipsPath = base+"-matrix.csv", base+"-clips.csv"
	} else {
		if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
			return "", "", fmt.Errorf("%s is a file: give a folder, or a name ending in .csv", out)
		}
		matrixPath, clipsPath = filepath.Join(out, "matrix.csv"), filepath.Join(out, "clips.csv")
	}
	if matrixPath, err = x.outPath(matrixPath, false); err != nil {
		return "", "", err
	}
	clipsPath, err = x.outPath(clipsPath, false)
	return matrixPath, clipsPath, err
}

// csv writes the issue × round matrix (a row an issue, a column a round, a
// status a cell) and the list of clips with their metadata.
func (x *exporter) csv() error {
	matrixPath, clipsPath, err := x.csvOut()
	if err != nil {
		return err
	}
	m, err := x.matrix()
	if err != nil {
		return err
	}
	matrixCSV := func(w io.Writer) error {
		header := []string{"issue", "issue_id", "status"}
		for _, r := range m.Rounds {
			// The date first, so that a spreadsheet sorts the columns.
			label := r.Title
			if !r.Date.IsZero() {
				label = r.Date.String() + " " + label
			}
			header = append(header, label)
		}
		rows := [][]string{header}
		for _, is := range m.Issues {
			row := []string{is.Title, is.ID, string(is.Status)}
			for _, r := range m.Rounds {
				row = append(row, statusLabel(m.Cell(is.ID, r.ID)))
			}
			rows = append(rows, row)
		}
		return writeCSV(w, rows)
	}
	x.rep.Records += len(m.Issues) + len(m.Rounds)
	for _, rec := range x.sel.Records {
		if rec.Broken() {
			x.rep.skip(rec.Path, "%s", rec.Problem)
		}
	}
	clipsCSV := func(w io.Writer) error {
		rows := [][]string{clipColumns}
		for _, c := range x.sel.OfType(vault.TypeClip) {
			if c.Broken() {
				continue
			}
			clipped := ""
			if !c.Clipped.IsZero() {
				clipped = c.Clipped.UTC().Format("2006-01-02T15:04:05Z")
			}
			rows = append(rows, []string{
				c.ID, c.Title, c.Site, c.Byline, c.Published.String(), clipped, c.Lang, c.Reliability,
				c.URL, strings.Join(c.Tags, "; "), strconv.Itoa(len(c.Annotations)),
			})
			x.rep.Records++
			x.rep.Annotations += len(c.Annotations)
			if err := x.step("Writing CSV"); err != nil {
				return err
			}
		}
		return writeCSV(w, rows)
	}
	return x.writeFiles([]outFile{{matrixPath, matrixCSV}, {clipsPath, clipsCSV}})
}

// writeCSV writes rows with a BOM, every cell defused.
func writeCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180, and what Excel writes
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, c := range row {
			safe[i] = SafeCell(c)
		}
		if err := cw.Write(safe); err != nil {
			return fmt.Errorf("writing CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return nil
}

// SafeCell defuses CSV formula injection: a spreadsheet runs a cell that
// starts with = + - @ (or a tab or carriage return that hides one) as a
// formula, so a clipped title such as "=HYPERLINK(...)" gets an apostrophe
// in front, which spreadsheets show as text and hide.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

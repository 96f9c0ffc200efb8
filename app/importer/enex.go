package importer

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
)

// enexNote is a <note> of an Evernote export.
type enexNote struct {
	Title     string         `xml:"title"`
	Content   string         `xml:"content"`
	Created   string         `xml:"created"`
	Updated   string         `xml:"updated"`
	Tags      []string       `xml:"tag"`
	Attrs     noteAttributes `xml:"note-attributes"`
	Resources []enexResource `xml:"resource"`
}

type noteAttributes struct {
	SubjectDate       string    `xml:"subject-date"`
	Latitude          string    `xml:"latitude"`
	Longitude         string    `xml:"longitude"`
	Altitude          string    `xml:"altitude"`
	Author            string    `xml:"author"`
	Source            string    `xml:"source"`
	SourceURL         string    `xml:"source-url"`
	SourceApplication string    `xml:"source-application"`
	ReminderOrder     string    `xml:"reminder-order"`
	ReminderTime      string    `xml:"reminder-time"`
	ReminderDoneTime  string    `xml:"reminder-done-time"`
	PlaceName         string    `xml:"place-name"`
	ContentClass      string    `xml:"content-class"`
	AppData           []keyText `xml:"application-data"`
}

type keyText struct {
	Key  string `xml:"key,attr"`
	Text string `xml:",chardata"`
}

type enexResource struct {
	Data struct {
		Encoding string `xml:"encoding,attr"`
		Bytes    []byte `xml:",chardata"`
	} `xml:"data"`
	Mime        string `xml:"mime"`
	Recognition string `xml:"recognition"`
	Attrs       struct {
		SourceURL string `xml:"source-url"`
		FileName  string `xml:"file-name"`
	} `xml:"resource-attributes"`
}

// resource is a decoded resource, saved as an attachment.
type resource struct {
	hash string // MD5 of the data, which is how en-media names it
	// alias is the objID of the resource's recognition data, the hash
	// some exports' en-media use when it differs from the MD5.
	alias string
	mime  string
	name  string
	link  string // where the record's body links to it
}

// enexPath imports an .enex file, or every .enex file of a folder or zip.
func (r *run) enexPath(p string) {
	fi, err := os.Stat(p)
	if err != nil {
		r.report.fail(Item{Source: p}, fmt.Errorf("cannot read %s: %w", p, err))
		return
	}
	if !fi.IsDir() && !strings.EqualFold(path.Ext(p), ".zip") {
		f, err := os.Open(p)
		if err != nil {
			r.report.fail(Item{Source: p}, fmt.Errorf("cannot read %s: %w", p, err))
			return
		}
		defer f.Close()
		r.enexStream(p, f, fi.Size())
		return
	}
	src, err := r.openSource(p, 0)
	if err != nil {
		r.report.fail(Item{Source: p}, err)
		return
	}
	defer src.close()
	for _, l := range src.links {
		if strings.EqualFold(path.Ext(l), ".enex") {
			r.report.skip(Item{Source: p + ": " + l}, errorOf(ErrUnsafePath, "a symbolic link, not followed"))
		}
	}
	found := false
	for _, f := range src.files {
		if !strings.EqualFold(path.Ext(f.rel), ".enex") {
			continue
		}
		found = true
		rc, err := f.open()
		if err != nil {
			r.report.fail(Item{Source: p + ": " + f.rel}, err)
			continue
		}
		r.enexStream(p+": "+f.rel, rc, f.size)
		rc.Close()
		if r.ctx.Err() != nil {
			return
		}
	}
	if !found {
		r.report.fail(Item{Source: p}, errorOf(ErrMalformed, "no .enex files in %s", p))
	}
}

// enexStream imports the notes of one export, one at a time.
func (r *run) enexStream(name string, rd io.Reader, size int64) {
	sc, err := newNoteScanner(rd, r.lim.MaxNoteBytes)
	if err != nil {
		r.report.fail(Item{Source: name}, err)
		return
	}
	stage := "Importing " + path.Base(strings.ReplaceAll(name, `\`, "/"))
	var read int64
	for {
		if r.ctx.Err() != nil {
			return
		}
		raw, err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			r.report.fail(Item{Source: name}, fmt.Errorf("reading stopped after note %d: %w", sc.n, err))
			return
		}
		read += raw.size
		r.enexNote(name, raw)
		// Progress in notes read, out of an estimate from the bytes: a
		// second pass to count them would read a huge file twice.
		total := sc.n
		if read > 0 && size > read {
			total = int(float64(sc.n) * float64(size) / float64(read))
		}
		r.step(stage, sc.n, max(total, sc.n))
	}
	switch {
	case sc.n == 0 && !sc.root:
		r.report.fail(Item{Source: name}, errorOf(ErrMalformed, "not an Evernote export (no <en-export> element)"))
	case sc.n == 0:
		r.report.skip(Item{Source: name}, errors.New("the export holds no notes"))
	}
}

// enexNote imports one note of an export.
func (r *run) enexNote(name string, raw *rawNote) {
	it := Item{Source: fmt.Sprintf("%s: note %d (line %d)", name, raw.index, raw.line), Title: rawTitle(raw.data)}
	n, warnings, err := parseNote(raw, r.lim.MaxNoteBytes)
	if err != nil {
		r.report.fail(it, err)
		return
	}
	r.importENEXNote(it, n, warnings)
}

// parseNote decodes one <note>, repairing it when its XML is broken.
func parseNote(raw *rawNote, maxNote int64) (*enexNote, []string, error) {
	if raw.tooBig {
		return nil, nil, errorOf(ErrTooLarge, "the note is %s, more than the %s allowed for one note", formatBytes(uint64(raw.size)), formatBytes(uint64(maxNote)))
	}
	data := raw.data
	var warnings []string
	if raw.unclosed {
		data = append(data, "</note>"...)
		warnings = append(warnings, "the note has no closing </note> in the file (the export may be cut off); check that its text is complete")
	}
	n, err := decodeNote(data, true)
	if err == nil {
		return n, warnings, nil
	}
	first := describeXMLError(err, raw.line)
	fixed := repairNote(data)
	if n, err = decodeNote(fixed, true); err != nil {
		n, err = decodeNote(fixed, false)
	}
	if err != nil {
		return nil, nil, errorOf(ErrMalformed, "malformed XML, %s", first)
	}
	return n, append(warnings, fmt.Sprintf("malformed XML (%s); Parley repaired the note, so compare its text with Evernote's", first)), nil
}

// decodeNote decodes a <note> element; strict=false also accepts HTML
// entities, unclosed tags and other common slips.
func decodeNote(data []byte, strict bool) (*enexNote, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	if !strict {
		d.Strict = false
		d.AutoClose = xml.HTMLAutoClose
		d.Entity = xml.HTMLEntity
	}
	var n enexNote
	if err := d.Decode(&n); err != nil {
		return nil, err
	}
	return &n, nil
}

var contentElement = regexp.MustCompile(`<content(?:\s[^>]*)?>`)

// repairNote fixes what breaks notes in real exports: ENML that closes
// its CDATA early (CDATA nested in CDATA), stray "]]>", bytes that are
// not UTF-8 and control characters XML forbids. The content is unwrapped
// and wrapped again in one CDATA section; the HTML parser that reads ENML
// later copes with whatever is left.
func repairNote(data []byte) []byte {
	data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	data = bytes.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, data)
	loc := contentElement.FindIndex(data)
	end := bytes.LastIndex(data, []byte("</content>"))
	if loc == nil || end < loc[1] {
		return data
	}
	inner := data[loc[1]:end]
	inner = bytes.ReplaceAll(inner, []byte("<![CDATA["), nil)
	inner = bytes.ReplaceAll(inner, []byte("]]>"), nil)
	var out bytes.Buffer
	out.Write(data[:loc[1]])
	out.WriteString("<![CDATA[")
	out.Write(inner)
	out.WriteString("]]>")
	out.Write(data[end:])
	return out.Bytes()
}

// describeXMLError says where in the file an XML error is.
func describeXMLError(err error, startLine int) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("line %d: %s", startLine+se.Line-1, se.Msg)
	}
	return err.Error()
}

var titleElement = regexp.MustCompile(`<title>([^<]*)</title>`)

// rawTitle finds a note's title without parsing it, to name a note that
// cannot be parsed.
func rawTitle(data []byte) string {
	if m := titleElement.FindSubmatch(data); m != nil {
		return strings.TrimSpace(html.UnescapeString(string(m[1])))
	}
	return ""
}

// importENEXNote turns a decoded note into a record.
func (r *run) importENEXNote(it Item, n *enexNote, warnings []string) {
	title := strings.Join(strings.Fields(n.Title), " ")
	if title == "" {
		title = "Untitled"
	}
	it.Title = title
	hash := enexHash(n)
	if r.duplicate(&it, "", hash) {
		return
	}
	created, err := parseENEXTime(n.Created)
	if err != nil {
		warnings = append(warnings, err.Error())
	}
	updated, err := parseENEXTime(n.Updated)
	if err != nil {
		warnings = append(warnings, err.Error())
	}
	if updated.IsZero() {
		updated = created
	}
	src, isClip := clipSource(n)
	rec := app.NewRecord(vault.TypeNote, title)
	if isClip {
		rec.Type = vault.TypeClip
		rec.Site = siteOf(src)
		rec.Clipped = created
	}
	rec.URL = src
	rec.Created, rec.Updated = created, updated
	rec.Byline = strings.TrimSpace(n.Attrs.Author)
	rec.ContentHash = hash
	for _, t := range n.Tags {
		if t = strings.TrimSpace(t); t != "" {
			rec.Tags = append(rec.Tags, t)
		}
	}
	rec.Path = r.freePath(path.Join(rec.Type.Folder(), vault.SafeName(title)+".md"))

	att := r.newAttacher(rec.ID, rec.Path)
	resources, w := r.saveResources(att, n.Resources)
	warnings = append(warnings, w...)
	n.Resources = nil // the data is saved; let it go before converting
	body, w := enmlToMarkdown(n.Content, resources)
	warnings = append(warnings, w...)
	rec.Body = body

	rec, err = withProperties(rec, evernoteProperties(n.Attrs))
	if err != nil {
		r.report.fail(it, err)
		return
	}
	r.store(it, rec, warnings)
}

// saveResources decodes a note's resources and saves them as
// attachments; en-media elements find them by the MD5 of their data.
func (r *run) saveResources(att *attacher, list []enexResource) ([]resource, []string) {
	var out []resource
	var warnings []string
	for i := range list {
		res := &list[i]
		data, err := decodeBase64(res.Data.Bytes)
		res.Data.Bytes = nil
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("resource %d could not be decoded (%v) and was left out", i+1, err))
			continue
		}
		sum := md5.Sum(data)
		hash := hex.EncodeToString(sum[:])
		name := strings.TrimSpace(res.Attrs.FileName)
		mime := strings.ToLower(strings.TrimSpace(res.Mime))
		if name == "" || path.Ext(name) == "" {
			if name == "" {
				name = fmt.Sprintf("resource-%d", i+1)
			}
			name += extensionOf(mime)
		}
		rel, err := att.put("md5:"+hash, name, data)
		if err != nil {
			warnings = append(warnings, err.Error())
			continue
		}
		out = append(out, resource{hash: hash, alias: recognitionID(res.Recognition), mime: mime, name: path.Base(rel), link: att.link(rel)})
	}
	return out, warnings
}

var recognitionObjID = regexp.MustCompile(`objID="([0-9a-fA-F]{32})"`)

// recognitionID is the objID of a resource's recognition index, if any.
func recognitionID(reco string) string {
	if m := recognitionObjID.FindStringSubmatch(reco); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// decodeBase64 decodes Evernote's base64, which is wrapped and indented.
// It compacts b in place, so a large resource is not copied twice.
func decodeBase64(b []byte) ([]byte, error) {
	w := 0
	for _, c := range b {
		if !isXMLSpace(c) {
			b[w] = c
			w++
		}
	}
	b = b[:w]
	out := make([]byte, base64.StdEncoding.DecodedLen(len(b)))
	n, err := base64.StdEncoding.Decode(out, b)
	return out[:n], err
}

// enexHash identifies a note across exports: what it says, when it was
// made, and its resources.
func enexHash(n *enexNote) string {
	h := sha256.New()
	fmt.Fprintf(h, "enex\x00%s\x00%s\x00", strings.TrimSpace(n.Title), strings.TrimSpace(n.Created))
	io.WriteString(h, n.Content)
	for _, res := range n.Resources {
		// The base64 without its wrapping, which differs between exports
		// of the same data.
		h.Write([]byte{0})
		data, start := res.Data.Bytes, -1
		for i, c := range data {
			switch {
			case isXMLSpace(c) && start >= 0:
				h.Write(data[start:i])
				start = -1
			case !isXMLSpace(c) && start < 0:
				start = i
			}
		}
		if start >= 0 {
			h.Write(data[start:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseENEXTime reads Evernote's 20060102T150405Z.
func parseENEXTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"20060102T150405Z", time.RFC3339, "20060102T150405"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("the time %q could not be read and was left out", s)
}

var clippedSourceStyle = regexp.MustCompile(`style="([^"]*--en-clipped-source-url[^"]*)"`)

// clipSource returns a note's source URL, and whether the note is a web
// clip: made by the web clipper (source web.clip*, the clipper
// application, or Evernote 10's clipped-content style) from an http(s)
// page.
func clipSource(n *enexNote) (string, bool) {
	u := strings.TrimSpace(n.Attrs.SourceURL)
	clipped := strings.Contains(n.Content, "--en-clipped-content")
	if u == "" {
		if m := clippedSourceStyle.FindStringSubmatch(n.Content); m != nil {
			for _, decl := range strings.Split(html.UnescapeString(m[1]), ";") {
				if v, ok := strings.CutPrefix(strings.TrimSpace(decl), "--en-clipped-source-url:"); ok {
					u = strings.TrimSpace(v)
				}
			}
		}
	}
	if !isWebURL(u) {
		return "", false
	}
	source := strings.ToLower(n.Attrs.Source)
	app := strings.ToLower(n.Attrs.SourceApplication)
	return u, strings.HasPrefix(source, "web.clip") || strings.Contains(app, "webclipper") || clipped
}

// isWebURL reports whether s is an absolute http(s) URL.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// siteOf is the site a URL belongs to, as clips name it.
func siteOf(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// evernoteProperties keeps the note attributes Parley has no field for,
// as evernote_* properties, so nothing Evernote knew is lost.
func evernoteProperties(a noteAttributes) []property {
	var out []property
	add := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, property{"evernote_" + k, v})
		}
	}
	add("source", a.Source)
	add("source_application", a.SourceApplication)
	add("subject_date", a.SubjectDate)
	add("place", a.PlaceName)
	add("latitude", a.Latitude)
	add("longitude", a.Longitude)
	add("altitude", a.Altitude)
	add("content_class", a.ContentClass)
	add("reminder_time", a.ReminderTime)
	add("reminder_done_time", a.ReminderDoneTime)
	if strings.TrimSpace(a.ReminderOrder) != "0" {
		add("reminder_order", a.ReminderOrder)
	}
	for _, d := range a.AppData {
		if k := linkSafe(strings.ReplaceAll(d.Key, ".", "_")); k != "" {
			add("app_"+k, d.Text)
		}
	}
	return out
}

// extensionOf is the file extension for a resource's MIME type.
func extensionOf(mime string) string {
	switch mime {
	case "image/png":
		return ".png"
	case "image/jpeg", "image/jpg", "image/pjpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "image/svg+xml":
		return ".svg"
	case "image/bmp":
		return ".bmp"
	case "image/tiff":
		return ".tiff"
	case "application/pdf":
		return ".pdf"
	case "audio/mpeg", "audio/mp3":
		return ".mp3"
	case "audio/wav", "audio/x-wav":
		return ".wav"
	case "audio/amr":
		return ".amr"
	case "audio/mp4", "audio/m4a", "audio/x-m4a":
		return ".m4a"
	case "video/mp4":
		return ".mp4"
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "application/zip":
		return ".zip"
	case "application/msword":
		return ".doc"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return ".docx"
	case "application/vnd.ms-excel":
		return ".xls"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return ".xlsx"
	}
	return ".bin"
}

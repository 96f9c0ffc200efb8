package importer

import (
	"bufio"
	"bytes"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html/charset"
)

// noteScanner cuts an ENEX stream into its <note> elements without
// parsing anything else. encoding/xml stops for good at the first syntax
// error; cutting first means one broken note costs that note only, and
// that a file of any size is read one note at a time.
//
// It knows just enough XML to find the cuts: CDATA sections, comments,
// processing instructions and the DOCTYPE are stepped over, so a
// "</note>" inside a clipped page's CDATA does not end a note.
type noteScanner struct {
	r    *bufio.Reader
	line int // line of the next byte, from 1
	max  int64
	// root is set once <en-export> has been seen.
	root bool
	// pending is set when a note ended because another began: the next
	// note's "<" has been read already.
	pending bool
	n       int // notes found so far
}

// rawNote is one <note> element as it stood in the file.
type rawNote struct {
	data  []byte // from "<note" to "</note>" inclusive (empty if tooBig)
	index int    // 1-based position in the file
	line  int    // line of "<note" in the file
	// unclosed: the file ended, or another <note> began, before </note>.
	unclosed bool
	// tooBig: the note was over the limit; its bytes were skipped.
	tooBig bool
	size   int64
}

func newNoteScanner(r io.Reader, maxNote int64) (*noteScanner, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	// Evernote writes UTF-8; a file saved in another encoding says so in
	// its XML declaration (or a UTF-16 byte order mark).
	head, _ := br.Peek(512)
	if label := declaredEncoding(head); label != "" && !strings.EqualFold(label, "utf-8") && !strings.EqualFold(label, "utf8") {
		cr, err := charset.NewReaderLabel(label, br)
		if err != nil {
			return nil, errorOf(ErrMalformed, "the file is in an encoding Parley does not know (%s)", label)
		}
		br = bufio.NewReaderSize(cr, 64<<10)
	} else if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	return &noteScanner{r: br, line: 1, max: maxNote}, nil
}

var xmlEncoding = regexp.MustCompile(`^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// declaredEncoding is the encoding a document's start names, if any.
func declaredEncoding(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return "utf-16be"
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		return "utf-16le"
	}
	if m := xmlEncoding.FindSubmatch(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))); m != nil {
		return string(m[1])
	}
	return ""
}

// next returns the next note, or io.EOF after the last.
func (s *noteScanner) next() (*rawNote, error) {
	if !s.pending {
		if err := s.seekNote(); err != nil {
			return nil, err
		}
	}
	s.pending = false
	s.n++
	n := &rawNote{index: s.n, line: s.line}
	buf := &capped{max: s.max, b: []byte("<")}
	err := s.readNote(buf, n)
	n.data, n.size, n.tooBig = buf.b, buf.size, buf.over
	if n.tooBig {
		n.data = nil
	}
	if err == io.EOF {
		n.unclosed = true
		return n, nil
	}
	return n, err
}

// seekNote reads up to and including the "<" of the next <note>.
func (s *noteScanner) seekNote() error {
	for {
		if err := s.through("<", nil); err != nil {
			return err
		}
		kind, err := s.markup()
		if err != nil {
			return err
		}
		switch kind {
		case "note":
			return nil
		case "en-export":
			s.root = true
		case "cdata":
			err = s.through("]]>", nil)
		case "comment":
			err = s.through("-->", nil)
		}
		if err != nil {
			return err
		}
	}
}

// readNote copies the rest of a note whose "<" is in buf.
func (s *noteScanner) readNote(buf *capped, n *rawNote) error {
	// The start tag itself: <note> or, degenerate, <note/>.
	if err := s.through(">", buf); err != nil {
		return err
	}
	if bytes.HasSuffix(buf.b, []byte("/>")) {
		return nil
	}
	for {
		if err := s.through("<", buf); err != nil {
			return err
		}
		kind, err := s.markup()
		if err != nil {
			return err
		}
		switch kind {
		case "note":
			// Another note begins: this one was never closed.
			buf.trimLast() // its "<" belongs to the next note
			s.pending = true
			n.unclosed = true
			return nil
		case "/note":
			return s.through(">", buf)
		case "cdata":
			buf.write([]byte("![CDATA["))
			if err := s.through("]]>", buf); err != nil {
				return err
			}
		case "comment":
			buf.write([]byte("!--"))
			if err := s.through("-->", buf); err != nil {
				return err
			}
		}
	}
}

// markup looks at what follows a "<". It returns "note", "/note",
// "en-export", "cdata", "comment" or "" for anything else. Of a CDATA
// section or comment it consumes the opening, and the caller steps over
// the rest, which may hide a "<note" or "</note>"; of anything else it
// consumes nothing.
func (s *noteScanner) markup() (string, error) {
	peek, err := s.r.Peek(10)
	if err != nil && len(peek) == 0 {
		return "", err
	}
	switch {
	case bytes.HasPrefix(peek, []byte("![CDATA[")):
		s.r.Discard(8)
		return "cdata", nil
	case bytes.HasPrefix(peek, []byte("!--")):
		s.r.Discard(3)
		return "comment", nil
	case isTag(peek, "note"):
		return "note", nil
	case isTag(peek, "/note"):
		return "/note", nil
	case isTag(peek, "en-export"):
		return "en-export", nil
	}
	return "", nil
}

// isTag reports whether b starts with the name followed by the end of a
// name (so "note" does not match "note-attributes").
func isTag(b []byte, name string) bool {
	if !bytes.HasPrefix(b, []byte(name)) || len(b) == len(name) {
		return false
	}
	switch b[len(name)] {
	case ' ', '\t', '\r', '\n', '>', '/':
		return true
	}
	return false
}

// through reads up to and including delim, adding what it reads to buf
// (nil discards), and counts lines on the way.
func (s *noteScanner) through(delim string, buf *capped) error {
	last := delim[len(delim)-1]
	var tail []byte
	for {
		chunk, err := s.r.ReadSlice(last)
		s.line += bytes.Count(chunk, []byte("\n"))
		if buf != nil {
			buf.write(chunk)
		}
		if len(delim) > 1 {
			tail = append(tail, chunk...)
			if len(tail) > len(delim) {
				tail = tail[len(tail)-len(delim):]
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err != nil:
			return err
		case len(delim) == 1 || bytes.HasSuffix(tail, []byte(delim)):
			return nil
		}
	}
}

// capped collects a note's bytes up to a limit, then only counts them.
type capped struct {
	b    []byte
	max  int64
	size int64
	over bool
}

func (c *capped) write(p []byte) {
	c.size += int64(len(p))
	if c.over {
		return
	}
	if c.size > c.max {
		c.over, c.b = true, nil
		return
	}
	c.b = append(c.b, p...)
}

// trimLast removes the last byte written.
func (c *capped) trimLast() {
	c.size--
	if !c.over && len(c.b) > 0 {
		c.b = c.b[:len(c.b)-1]
	}
}

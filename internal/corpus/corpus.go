// Package corpus generates a reproducible notebook for Parley's benchmarks:
// news clips, rounds of talks, issues on the table, notes and annotations.
// The same size and seed always give the same records, byte for byte, and
// nothing is fetched from the network.
//
// Text is drawn word by word from a Zipf distribution over a ranked
// vocabulary: real English and Russian function words at the top (so stop
// words and posting lengths behave as on real news), real subject words
// (embassy, sanctions) among the common ranks, and synthesised
// pseudo-words, in families that share a stem as inflected forms do, for
// the long tail — over 100,000 distinct English forms and 60,000 Russian
// ones. Each clip also repeats a few topic words, as articles do. About one
// clip in ten is in Russian.
//
// The package returns plain structs and writes nothing; internal/benchvault
// writes them as a vault, and the index benchmarks feed them to the index
// directly. Every record can be generated on its own from its number, so a
// vault of any size streams in constant memory.
package corpus

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// Version changes whenever the generator's output changes, so that cached
// vaults made by an older generator are not reused.
const Version = 2

// Start is the first day of the five years the corpus's dates cover.
var Start = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)

const spanDays = 5 * 365

// Corpus is a generated notebook of N clips and rounds, issues and notes in
// proportion.
type Corpus struct {
	N    int
	Seed uint64
	en   *vocab
	ru   *vocab
}

var (
	vocabMu    sync.Mutex
	vocabCache = map[uint64][2]*vocab{}
)

// New returns the corpus of n clips made from seed.
func New(n int, seed uint64) *Corpus {
	vocabMu.Lock()
	v, ok := vocabCache[seed]
	if !ok {
		v = [2]*vocab{newVocab(seed, "en"), newVocab(seed, "ru")}
		vocabCache[seed] = v
	}
	vocabMu.Unlock()
	return &Corpus{N: n, Seed: seed, en: v[0], ru: v[1]}
}

// Proportions of the other records to clips.
func (c *Corpus) Rounds() int { return max(1, c.N/200) }
func (c *Corpus) Issues() int { return max(1, c.N/100) }
func (c *Corpus) Notes() int  { return max(1, c.N/1000) }

// Clip is a clipped news article.
type Clip struct {
	ID          string
	Title       string
	URL         string
	Site        string
	Byline      string
	Lang        string
	Reliability string
	Published   time.Time // a calendar date
	Clipped     time.Time
	Tags        []string
	// Paragraphs are the text of the clip's blocks as the index sees it
	// (markdown.PlainText of the file's body), Markdown the same blocks as
	// the file has them: with links, emphasis, subheadings, lists and
	// quotations, as clipped articles do.
	Paragraphs  []string
	Markdown    []string
	Annotations []Annotation
}

// Annotation is a passage of a clip (a whole sentence of it), anchored as a
// text quote with its context.
type Annotation struct {
	ID, Exact, Prefix, Suffix, Comment, Grade string
	Issues, Rounds                            []string
	Created                                   time.Time
}

// Round is a round of talks.
type Round struct {
	ID, Title                         string
	Date, EndDate                     time.Time
	Location, Venue, Format, Duration string
	Delegations                       []Delegation
	Outcome, NextSteps                string
	Agenda                            []AgendaItem
	Sources                           []string
	Tags                              []string
	Paragraphs                        []string
	Created                           time.Time
}

// Delegation is one party's team at a round.
type Delegation struct {
	Party, Lead, Role string
	Members           []string
}

// AgendaItem is an issue as a round took it up.
type AgendaItem struct {
	Issue, Status string
	Positions     []Position
	Note          string
}

// Position is what a party holds on an issue.
type Position struct{ Party, Position string }

// Issue is an issue on the table.
type Issue struct {
	ID, Title, RaisedBy, Status string
	Positions                   []Position
	Tags                        []string
	Paragraphs                  []string
	Created                     time.Time
}

// Note is an analyst's free note, with [[wiki links]] to issues.
type Note struct {
	ID, Title  string
	Tags       []string
	Paragraphs []string
	Created    time.Time
}

// Body joins paragraphs as Markdown (and as the plain text the index sees:
// the generated text has no markup).
func Body(paragraphs []string) string { return strings.Join(paragraphs, "\n\n") }

// Record kinds, which seed separate random streams.
const (
	kindClipHead = iota + 1
	kindClip
	kindRoundHead
	kindRound
	kindIssueHead
	kindIssue
	kindNoteHead
	kindNote
	kindQueries
)

func (c *Corpus) rng(kind, i int) *rand.Rand {
	return rand.New(rand.NewPCG(c.Seed, uint64(kind)<<40|uint64(i)))
}

// makeID is a ULID for time t with entropy from r: ids sort by creation
// time, as Parley's own do.
func makeID(t time.Time, r *rand.Rand) string {
	var id ulid.ULID
	if err := id.SetTime(ulid.Timestamp(t)); err != nil {
		panic(err)
	}
	var e [10]byte
	for i := range e {
		e[i] = byte(r.Uint32())
	}
	if err := id.SetEntropy(e[:]); err != nil {
		panic(err)
	}
	return id.String()
}

func randomDay(r *rand.Rand) time.Time { return Start.AddDate(0, 0, r.IntN(spanDays)) }

type clipHead struct {
	id, lang           string
	published, clipped time.Time
}

func (c *Corpus) clipHead(i int) clipHead {
	r := c.rng(kindClipHead, i)
	h := clipHead{lang: "en"}
	if r.IntN(10) == 0 {
		h.lang = "ru"
	}
	h.published = randomDay(r)
	h.clipped = h.published.Add(time.Duration(6+r.IntN(72*60)) * time.Minute).Truncate(time.Second)
	h.id = makeID(h.clipped, r)
	return h
}

// ClipID is the id of clip i.
func (c *Corpus) ClipID(i int) string { return c.clipHead(i).id }

// RoundID is the id of round k.
func (c *Corpus) RoundID(k int) string {
	_, created, r := c.roundHead(k)
	return makeID(created, r)
}

// IssueID is the id of issue k.
func (c *Corpus) IssueID(k int) string {
	created, r := c.issueHead(k)
	return makeID(created, r)
}

func (c *Corpus) roundHead(k int) (date, created time.Time, r *rand.Rand) {
	r = c.rng(kindRoundHead, k)
	date = randomDay(r)
	return date, date.Add(30 * time.Hour), r
}

func (c *Corpus) issueHead(k int) (created time.Time, r *rand.Rand) {
	r = c.rng(kindIssueHead, k)
	return randomDay(r).Add(time.Duration(r.IntN(86400)) * time.Second), r
}

// IssueTitle is the title of issue k, which notes link to.
func (c *Corpus) IssueTitle(k int) string {
	r := c.rng(kindIssue, k)
	w := c.newWriter(r, "en")
	return w.title(3, 6)
}

func (c *Corpus) vocab(lang string) *vocab {
	if lang == "ru" {
		return c.ru
	}
	return c.en
}

// Clip generates clip i (0 <= i < N).
func (c *Corpus) Clip(i int) Clip {
	h := c.clipHead(i)
	r := c.rng(kindClip, i)
	w := c.newWriter(r, h.lang)
	v := w.v
	cl := Clip{ID: h.id, Lang: h.lang, Published: h.published, Clipped: h.clipped}
	cl.Title = w.title(5, 12)
	s := v.sites[skewed(r, len(v.sites))]
	cl.Site = s.name
	slug := "article"
	if h.lang == "en" {
		slug = strings.ToLower(strings.Join(strings.Fields(strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == ' ' {
				return r
			}
			return -1
		}, cl.Title)), "-"))
		if len(slug) > 60 {
			slug = strings.TrimRight(slug[:60], "-")
		}
	}
	cl.URL = fmt.Sprintf("https://%s/%s/%s-%d/", s.domain, h.published.Format("2006/01/02"), slug, i)
	if r.IntN(7) != 0 {
		cl.Byline = v.names[skewed(r, len(v.names))]
	}
	cl.Reliability = grade(r)
	cl.Tags = tags(r, 4)

	// Sizes: log-normal around 5.3 KB (a mean near 6 KB), within 2–20 KB.
	// The last sentence may overshoot by up to one sentence.
	size := int(math.Exp(math.Log(5300) + 0.5*r.NormFloat64()))
	size = min(max(size, 2<<10+100), 20<<10-400)
	var sentences []string // of the plain paragraphs, for annotations
	n := 0
	for n < size {
		// Now and then a block that is not a paragraph, as clipped
		// articles have: a subheading, a list, a quotation.
		switch k := r.IntN(100); {
		case k < 6 && len(cl.Paragraphs) > 0:
			t := w.title(3, 7)
			cl.Paragraphs = append(cl.Paragraphs, t)
			cl.Markdown = append(cl.Markdown, "## "+t)
			n += len(t) + 2
			continue
		case k < 9 && len(cl.Paragraphs) > 0:
			var items []string
			for j := 2 + r.IntN(3); j > 0; j-- {
				s := w.sentence(5, 14)
				cl.Paragraphs = append(cl.Paragraphs, s)
				items = append(items, "- "+s)
				n += len(s) + 2
			}
			cl.Markdown = append(cl.Markdown, strings.Join(items, "\n"))
			continue
		case k < 11:
			s := w.sentence(8, 24)
			cl.Paragraphs = append(cl.Paragraphs, s)
			cl.Markdown = append(cl.Markdown, "> "+s)
			n += len(s) + 2
			continue
		}
		var p, md []string
		for k := 2 + r.IntN(5); k > 0 && n < size; k-- {
			s := w.sentence(8, 28)
			p = append(p, s)
			md = append(md, w.markup(s))
			n += len(s) + 1
		}
		sentences = append(sentences, p...)
		cl.Paragraphs = append(cl.Paragraphs, strings.Join(p, " "))
		cl.Markdown = append(cl.Markdown, strings.Join(md, " "))
		n++
	}

	// One clip in five is annotated: whole sentences, quoted with 32
	// characters of context either side as Parley anchors them.
	if r.IntN(5) == 0 && len(sentences) > 0 {
		body := Body(cl.Paragraphs)
		for k := 1 + r.IntN(3); k > 0; k-- {
			exact := strings.TrimSuffix(sentences[r.IntN(len(sentences))], ".")
			start := strings.Index(body, exact)
			end := start + len(exact)
			created := h.clipped.Add(time.Duration(1+r.IntN(600)) * time.Minute)
			a := Annotation{
				ID:      makeID(created, r),
				Exact:   exact,
				Prefix:  lastRunes(body[:start], 32),
				Suffix:  firstRunes(body[end:], 32),
				Comment: strings.TrimSuffix(w.sentence(5, 16), "."),
				Grade:   grade(r),
				Created: created,
			}
			for j := 1 + r.IntN(2); j > 0; j-- {
				a.Issues = append(a.Issues, c.IssueID(r.IntN(c.Issues())))
			}
			if r.IntN(2) == 0 {
				a.Rounds = append(a.Rounds, c.RoundID(r.IntN(c.Rounds())))
			}
			cl.Annotations = append(cl.Annotations, a)
		}
	}
	return cl
}

// Round generates round k (0 <= k < Rounds()).
func (c *Corpus) Round(k int) Round {
	date, created, hr := c.roundHead(k)
	r := c.rng(kindRound, k)
	w := c.newWriter(r, "en")
	city := englishCities[skewed(r, len(englishCities))]
	rd := Round{
		ID:       makeID(created, hr),
		Title:    fmt.Sprintf("Round %d — %s, %s", 1+k%12, city, date.Format("2 January 2006")),
		Date:     date,
		Location: city,
		Venue:    venues[r.IntN(len(venues))],
		Format:   formats[r.IntN(len(formats))],
		Duration: fmt.Sprintf("%d hours", 2+r.IntN(10)),
		Created:  created,
	}
	if r.IntN(3) == 0 {
		rd.EndDate = date.AddDate(0, 0, 1+r.IntN(2))
	}
	for _, p := range pick(r, parties, 2+r.IntN(2)) {
		d := Delegation{Party: p, Lead: w.v.names[r.IntN(len(w.v.names))], Role: "head of delegation"}
		for m := r.IntN(4); m > 0; m-- {
			d.Members = append(d.Members, w.v.names[r.IntN(len(w.v.names))])
		}
		rd.Delegations = append(rd.Delegations, d)
	}
	seen := map[int]bool{}
	for j := 2 + r.IntN(4); j > 0; j-- {
		is := r.IntN(c.Issues())
		if seen[is] {
			continue
		}
		seen[is] = true
		a := AgendaItem{Issue: c.IssueID(is), Status: statuses[r.IntN(len(statuses))], Note: w.sentence(6, 18)}
		for _, d := range rd.Delegations[:2] {
			a.Positions = append(a.Positions, Position{d.Party, w.sentence(6, 14)})
		}
		rd.Agenda = append(rd.Agenda, a)
	}
	rd.Outcome = w.sentence(8, 20)
	rd.NextSteps = w.sentence(6, 14)
	for j := 3 + r.IntN(6); j > 0; j-- {
		rd.Sources = append(rd.Sources, c.ClipID(r.IntN(c.N)))
	}
	rd.Tags = tags(r, 2)
	for j := 2 + r.IntN(4); j > 0; j-- {
		rd.Paragraphs = append(rd.Paragraphs, w.paragraph())
	}
	return rd
}

// Issue generates issue k (0 <= k < Issues()).
func (c *Corpus) Issue(k int) Issue {
	created, hr := c.issueHead(k)
	r := c.rng(kindIssue, k)
	w := c.newWriter(r, "en")
	is := Issue{
		Title:   w.title(3, 6),
		ID:      makeID(created, hr),
		Status:  statuses[r.IntN(len(statuses))],
		Created: created,
	}
	ps := pick(r, parties, 2)
	is.RaisedBy = ps[0]
	for _, p := range ps {
		is.Positions = append(is.Positions, Position{p, w.sentence(8, 20)})
	}
	is.Tags = tags(r, 2)
	for j := 1 + r.IntN(3); j > 0; j-- {
		is.Paragraphs = append(is.Paragraphs, w.paragraph())
	}
	return is
}

// Note generates note k (0 <= k < Notes()).
func (c *Corpus) Note(k int) Note {
	r := c.rng(kindNote, k)
	hr := c.rng(kindNoteHead, k)
	created := randomDay(hr).Add(time.Duration(hr.IntN(86400)) * time.Second)
	w := c.newWriter(r, "en")
	n := Note{ID: makeID(created, hr), Title: "Notes on " + strings.ToLower(w.title(2, 5)), Created: created, Tags: tags(r, 2)}
	for j := 3 + r.IntN(6); j > 0; j-- {
		n.Paragraphs = append(n.Paragraphs, w.paragraph())
	}
	n.Paragraphs = append(n.Paragraphs, fmt.Sprintf("See [[%s]] and [[%s]].",
		c.IssueTitle(r.IntN(c.Issues())), c.IssueTitle(r.IntN(c.Issues()))))
	return n
}

// textWriter writes one record's text.
type textWriter struct {
	r     *rand.Rand
	v     *vocab
	z     *rand.Zipf
	topic []string
}

func (c *Corpus) newWriter(r *rand.Rand, lang string) *textWriter {
	v := c.vocab(lang)
	w := &textWriter{r: r, v: v, z: rand.NewZipf(r, v.zipfS, 1, uint64(len(v.words)-1))}
	// A text is about something: a few subject words and mid-ranked
	// words recur in it far more than their rank says.
	for n := 3 + r.IntN(6); n > 0; n-- {
		if r.IntN(3) == 0 {
			w.topic = append(w.topic, v.words[v.subject[r.IntN(len(v.subject))]])
		} else {
			w.topic = append(w.topic, v.words[v.function+100+r.IntN(30000)])
		}
	}
	return w
}

func (w *textWriter) word() string {
	if w.r.IntN(25) == 0 {
		return w.topic[w.r.IntN(len(w.topic))]
	}
	return w.v.words[w.z.Uint64()]
}

func (w *textWriter) entity() string {
	switch w.r.IntN(4) {
	case 0, 1:
		return w.v.countries[skewed(w.r, len(w.v.countries))]
	case 2:
		return w.v.cities[skewed(w.r, len(w.v.cities))]
	}
	return w.v.names[skewed(w.r, len(w.v.names))]
}

// sentence is a capitalised sentence of minWords to maxWords words, with
// commas and the odd named entity, ending in a full stop.
func (w *textWriter) sentence(minWords, maxWords int) string {
	n := minWords + w.r.IntN(maxWords-minWords+1)
	var b strings.Builder
	for i := 0; i < n; i++ {
		word := w.word()
		if w.r.IntN(16) == 0 {
			word = w.entity()
		}
		if i == 0 {
			word = capitalise(word)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(word)
		if i < n-1 && w.r.IntN(14) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
	return b.String()
}

func (w *textWriter) paragraph() string {
	var p []string
	for k := 2 + w.r.IntN(5); k > 0; k-- {
		p = append(p, w.sentence(8, 28))
	}
	return strings.Join(p, " ")
}

// markup adds inline Markdown to a sentence now and then: a link over a
// few words (one sentence in six), emphasis (one in twenty). Only runs of
// words without punctuation are marked, so the plain text is the sentence.
func (w *textWriter) markup(s string) string {
	k := w.r.IntN(60)
	if k >= 13 {
		return s
	}
	words := strings.Split(s, " ")
	i := w.r.IntN(len(words))
	j := i
	for j < len(words) && j-i < 1+w.r.IntN(4) && !strings.ContainsAny(words[j], ".,") {
		j++
	}
	if j == i {
		return s
	}
	span := strings.Join(words[i:j], " ")
	switch {
	case k < 10:
		dom := w.v.sites[skewed(w.r, len(w.v.sites))].domain
		span = fmt.Sprintf("[%s](https://%s/%d/%x)", span, dom, 2021+w.r.IntN(5), w.r.Uint32())
	case k < 12:
		span = "*" + span + "*"
	default:
		span = "**" + span + "**"
	}
	return strings.Join(append(append(append([]string(nil), words[:i]...), span), words[j:]...), " ")
}

// title is a headline: mostly topic and subject words, some entities,
// without a full stop.
func (w *textWriter) title(minWords, maxWords int) string {
	n := minWords + w.r.IntN(maxWords-minWords+1)
	words := make([]string, 0, n)
	for i := 0; i < n; i++ {
		switch k := w.r.IntN(10); {
		case k < 3:
			words = append(words, w.topic[w.r.IntN(len(w.topic))])
		case k < 5:
			words = append(words, w.entity())
		default:
			words = append(words, w.word())
		}
	}
	return capitalise(strings.Join(words, " "))
}

// skewed picks an index below n, low ones far more often: a few sites,
// people and tags account for most clips, as in a real notebook.
func skewed(r *rand.Rand, n int) int { return r.IntN(r.IntN(n) + 1) }

// grade is an Admiralty grade as analysts give them (B2 and C3 are the
// most common), or none.
func grade(r *rand.Rand) string {
	if r.IntN(12) == 0 {
		return ""
	}
	weights := []int{10, 35, 30, 12, 5, 8}
	pickW := func() int {
		k := r.IntN(100)
		for i, w := range weights {
			if k < w {
				return i
			}
			k -= w
		}
		return len(weights) - 1
	}
	return string(rune('A'+pickW())) + string(rune('1'+pickW()))
}

func tags(r *rand.Rand, most int) []string {
	var out []string
	for n := r.IntN(most + 1); n > 0; n-- {
		t := tagWords[skewed(r, len(tagWords))]
		if !contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// pick returns n distinct elements of from.
func pick(r *rand.Rand, from []string, n int) []string {
	idx := r.Perm(len(from))[:min(n, len(from))]
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		i--
		for i > 0 && s[i]&0xC0 == 0x80 {
			i--
		}
	}
	return s[i:]
}

func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		i++
		for i < len(s) && s[i]&0xC0 == 0x80 {
			i++
		}
	}
	return s[:i]
}

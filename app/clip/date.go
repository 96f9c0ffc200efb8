package clip

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/itlightning/dateparse"
)

// A clip's published date is normalised to one of two forms: a full RFC
// 3339 timestamp when the page gave a time with its UTC offset, or a bare
// YYYY-MM-DD when it gave only a day, or a time without an offset — we do
// not invent a time zone, and the day as the page printed it is what an
// analyst quotes.

// publishedDate finds the publication date, in this order: JSON-LD of an
// article, the meta tags Readability reads (same order), other common meta
// tags, JSON-LD of any object, <time> elements that say they are the
// publication date, a lone <time> in the article, a date in the URL, and
// the first element classed as a date.
func publishedDate(m *pageMeta, urls ...string) string {
	candidates := []string{m.jsonLDString("datePublished", false)}
	candidates = append(candidates, m.firstMeta(
		"article:published_time", "dcterms.available", "dcterms.created", "dcterms.issued",
		"weibo:article:create_at", "parsely-pub-date",
	))
	for _, key := range []string{
		"article:published", "og:published_time", "published_time", "datepublished",
		"publishdate", "publish-date", "publish_date", "pubdate", "publication_date",
		"sailthru.date", "dc.date.issued", "dc.date.created", "dc.date", "dcterms.date",
		"citation_publication_date", "citation_date", "article.published", "date",
	} {
		candidates = append(candidates, m.meta[key])
	}
	candidates = append(candidates, m.jsonLDString("datePublished", true), m.jsonLDString("dateCreated", true))
	for _, t := range m.times {
		if t.published {
			candidates = append(candidates, t.value)
		}
	}
	var inArticle []string
	for _, t := range m.times {
		if t.inArticle {
			inArticle = append(inArticle, t.value)
		}
	}
	// One <time> in the article is its date; several are likely comments
	// or related stories, so none of them is trusted.
	if len(inArticle) == 1 {
		candidates = append(candidates, inArticle[0])
	}
	for _, c := range candidates {
		if d := normalizeDate(c); d != "" {
			return d
		}
	}
	for _, u := range urls {
		if d := dateFromURL(u); d != "" {
			return d
		}
	}
	// Last, the text of an element whose class says it is a date
	// (<div class="date">12 марта 2024</div>), in document order: the
	// article's header comes before sidebars and comments.
	for _, t := range m.dateTexts {
		if d := normalizeDate(t); d != "" {
			return d
		}
	}
	return ""
}

var (
	isoDateRe = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?\b`)
	compactRe = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$`)
	unixRe    = regexp.MustCompile(`^\d{10}(\d{3})?$`)
	urlDateRe = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)`)
	// "12 марта 2024", "March 12, 2024", "12 Mar 2024": textual dates in
	// English and Russian, which dateparse does not know in Russian.
	dayMonthYearRe = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+([\p{L}]{3,})\.?,?\s+(\d{4})`)
	monthDayYearRe = regexp.MustCompile(`(?i)\b([\p{L}]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
)

var monthNames = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	"январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7, "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
	"янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "дек": 12,
}

// normalizeDate turns a date as pages write it into "YYYY-MM-DD" or RFC
// 3339, or "" when it is not a plausible publication date.
func normalizeDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 {
		return ""
	}
	if m := isoDateRe.FindStringSubmatch(s); m != nil {
		return fromParts(m[1], m[2], m[3], m[4], m[5], m[6], m[7])
	}
	if m := compactRe.FindStringSubmatch(s); m != nil {
		return fromParts(m[1], m[2], m[3], m[4], m[5], m[6], m[7])
	}
	if unixRe.MatchString(s) {
		n, _ := strconv.ParseInt(s, 10, 64)
		var t time.Time
		if len(s) == 13 {
			t = time.UnixMilli(n).UTC()
		} else {
			t = time.Unix(n, 0).UTC()
		}
		if plausibleYear(t.Year()) {
			return t.Format(time.RFC3339)
		}
		return ""
	}
	if m := dayMonthYearRe.FindStringSubmatch(s); m != nil {
		if mon, ok := monthNames[strings.ToLower(m[2])]; ok {
			return fromParts(m[3], strconv.Itoa(mon), m[1], "", "", "", "")
		}
	}
	if m := monthDayYearRe.FindStringSubmatch(s); m != nil {
		if mon, ok := monthNames[strings.ToLower(m[1])]; ok {
			return fromParts(m[3], strconv.Itoa(mon), m[2], "", "", "", "")
		}
	}
	// Everything else (RFC 1123, "2015/03/11", "03/11/2015"…) goes to
	// dateparse; the day is kept, not the time, because such strings rarely
	// carry a reliable offset.
	t, ok := parseAnyDate(s)
	if !ok || !plausibleYear(t.Year()) {
		return ""
	}
	return t.Format(time.DateOnly)
}

// parseAnyDate calls dateparse, which has panicked on odd input in the
// past; one bad meta tag must not cost the whole clip.
func parseAnyDate(s string) (t time.Time, ok bool) {
	defer func() {
		if recover() != nil {
			t, ok = time.Time{}, false
		}
	}()
	t, err := dateparse.ParseIn(s, time.UTC)
	return t, err == nil
}

func fromParts(year, month, day, hour, minute, second, zone string) string {
	y, _ := strconv.Atoi(year)
	mo, _ := strconv.Atoi(month)
	d, _ := strconv.Atoi(day)
	if !plausibleYear(y) || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return ""
	}
	date := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if date.Day() != d { // 31 February
		return ""
	}
	if hour == "" || zone == "" {
		return date.Format(time.DateOnly)
	}
	h, _ := strconv.Atoi(hour)
	mi, _ := strconv.Atoi(minute)
	sec, _ := strconv.Atoi(second)
	if h > 23 || mi > 59 || sec > 60 {
		return date.Format(time.DateOnly)
	}
	loc := time.UTC
	switch z := strings.ToUpper(zone); z {
	case "Z", "UTC", "GMT":
	default:
		z = strings.ReplaceAll(z, ":", "")
		sign := 1
		if z[0] == '-' {
			sign = -1
		}
		zh, _ := strconv.Atoi(z[1:3])
		zm := 0
		if len(z) >= 5 {
			zm, _ = strconv.Atoi(z[3:5])
		}
		if zh > 14 || zm > 59 {
			return date.Format(time.DateOnly)
		}
		loc = time.FixedZone("", sign*(zh*3600+zm*60))
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc).Format(time.RFC3339)
}

func plausibleYear(y int) bool {
	return y >= 1900 && y <= time.Now().Year()+1
}

// dateFromURL finds /2024/03/12/ or -20240312- style dates in a URL path.
func dateFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return ""
	}
	m := urlDateRe.FindStringSubmatch(u.Path)
	if m == nil {
		return ""
	}
	return fromParts(m[1], m[2], m[3], "", "", "", "")
}

// PublishedTime parses an Article's Published field back into a time: a
// bare date is midnight UTC. It reports false for "".
func PublishedTime(published string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, published); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, published); err == nil {
		return t, true
	}
	return time.Time{}, false
}

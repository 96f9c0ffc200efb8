package clip

import (
	"strings"
	"unicode"

	"github.com/abadojack/whatlanggo"
	"golang.org/x/text/language"
)

// A clip's language picks the analyser its text is indexed with, so a wrong
// answer costs search quality: above all, Russian must never be indexed as
// English or the other way round. The page's own declaration (<html lang>,
// Content-Language…) is trusted when it agrees with the script the text is
// written in; when it does not — CMS templates often say lang="en" over
// Russian text — or when the page declares nothing, the language is read
// from the text.

// languageCode returns the ISO 639-1 code (or the shortest BCP 47 base)
// of a declared language tag such as "en-US", "ru_RU" or "RUS", or "" for
// an empty, invalid or non-language tag (und, mul, zxx).
func languageCode(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, ",;"); i >= 0 {
		tag = tag[:i] // "en, ru" in Content-Language: the first one
	}
	tag = strings.ReplaceAll(tag, "_", "-")
	if tag == "" {
		return ""
	}
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	base, conf := t.Base()
	if conf != language.Exact {
		return "" // "und" and friends: x/text would guess English
	}
	code := base.String()
	switch code {
	case "und", "mul", "zxx", "mis":
		return ""
	}
	return code
}

// cyrillicLanguages and latinLanguages are the languages whose script is
// unambiguous; for others (Serbian, Azerbaijani…) a declaration is trusted
// as it is.
var (
	cyrillicLanguages = map[string]bool{"ru": true, "uk": true, "be": true, "bg": true, "mk": true, "kk": true, "ky": true, "tg": true, "mn": true, "tt": true, "ba": true, "cv": true}
	latinLanguages    = map[string]bool{
		"en": true, "fr": true, "de": true, "es": true, "it": true, "pt": true, "nl": true, "pl": true, "cs": true, "sk": true,
		"sv": true, "da": true, "no": true, "nb": true, "nn": true, "fi": true, "et": true, "lv": true, "lt": true, "ro": true,
		"hu": true, "tr": true, "id": true, "ms": true, "vi": true, "ca": true, "eu": true, "gl": true, "hr": true, "sl": true,
		"sq": true, "is": true, "ga": true, "cy": true, "af": true, "sw": true, "tl": true, "eo": true, "la": true,
	}
)

// minLettersForScript is how many letters the text needs before its script
// can overrule a declaration: a title alone is too little evidence.
const minLettersForScript = 40

// detectLanguage chooses the clip's language from the declared tags (most
// authoritative first) and the article text.
func detectLanguage(declared []string, text string) string {
	if len(text) > 100000 {
		text = text[:100000] // plenty to tell a script; bounds the work
	}
	script, share, letters := dominantScript(text)
	for _, d := range declared {
		code := languageCode(d)
		if code == "" {
			continue
		}
		if letters >= minLettersForScript && share >= 0.6 {
			if cyrillicLanguages[code] && script != unicode.Cyrillic {
				break // declared Cyrillic, written otherwise: read the text
			}
			if latinLanguages[code] && script != unicode.Latin {
				break
			}
		}
		return code
	}
	return languageFromText(text)
}

// languageFromText guesses the language of text, or "" when unsure.
func languageFromText(text string) string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	script, share, letters := dominantScript(text)
	if letters == 0 {
		return ""
	}
	if script == unicode.Cyrillic && share >= 0.5 {
		return cyrillicLanguage(text)
	}
	info := whatlanggo.Detect(text)
	code := info.Lang.Iso6391()
	// whatlanggo's confidence is the margin between its two best guesses;
	// with a paragraph of text half of that is a clear answer.
	if code == "" || (!info.IsReliable() && (info.Confidence < 0.5 || letters < 50)) {
		return ""
	}
	// whatlanggo can name a Cyrillic language for a mostly Latin text with
	// a few Cyrillic words; the script test above is the safer one.
	if cyrillicLanguages[code] && script != unicode.Cyrillic {
		return ""
	}
	return code
}

// cyrillicLanguage tells apart the Cyrillic languages by letters that only
// some of them use; Russian is the answer when none stands out.
func cyrillicLanguage(text string) string {
	var n, uk, be, bg, sr, mk, ru int
	for _, r := range strings.ToLower(text) {
		if !unicode.Is(unicode.Cyrillic, r) {
			continue
		}
		n++
		switch r {
		case 'ї', 'є', 'ґ':
			uk++
		case 'і':
			uk++
			be++
		case 'ў':
			be++
		case 'ђ', 'ћ':
			sr++
		case 'ѓ', 'ќ', 'ѕ':
			mk++
		case 'ј', 'љ', 'њ', 'џ':
			sr++
			mk++
		case 'ы', 'э', 'ё':
			ru++
			be++
		case 'ъ':
			bg++
		}
	}
	if n == 0 {
		return ""
	}
	// Thresholds are shares of Cyrillic letters: loanwords and names put a
	// few foreign letters into any text.
	share := func(c int) float64 { return float64(c) / float64(n) }
	switch {
	case share(be) > 0.01 && strings.ContainsRune(text, 'ў'):
		return "be"
	case share(uk) > 0.005:
		return "uk"
	case share(mk) > 0.005 && share(mk) >= share(sr) && strings.ContainsAny(text, "ѓќѕ"):
		return "mk"
	case share(sr) > 0.005:
		return "sr"
	case share(bg) > 0.01 && share(ru) < 0.002:
		return "bg"
	}
	return "ru"
}

var scripts = []*unicode.RangeTable{
	unicode.Latin, unicode.Cyrillic, unicode.Greek, unicode.Arabic, unicode.Hebrew,
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai,
	unicode.Devanagari, unicode.Georgian, unicode.Armenian,
}

// dominantScript returns the script most letters of text are written in,
// its share of the letters, and the number of letters counted.
func dominantScript(text string) (*unicode.RangeTable, float64, int) {
	counts := make([]int, len(scripts))
	total := 0
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		total++
		for i, s := range scripts {
			if unicode.Is(s, r) {
				counts[i]++
				break
			}
		}
	}
	best := 0
	for i := range counts {
		if counts[i] > counts[best] {
			best = i
		}
	}
	if total == 0 {
		return nil, 0, 0
	}
	return scripts[best], float64(counts[best]) / float64(total), total
}

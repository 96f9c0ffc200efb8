package clip

import (
	"strings"
	"testing"
)

func TestLanguageCode(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "en-US": "en", "EN_gb": "en", "ru_RU": "ru", "pt-BR": "pt", "zh-TW": "zh",
		"rus": "ru", "eng": "en", " fr ": "fr", "en, ru": "en", "und": "", "mul": "", "": "",
		"{{lang}}": "", "x-klingon": "", "english": "",
	} {
		if got := languageCode(in); got != want {
			t.Errorf("languageCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	en := strings.Repeat("The delegations agreed to continue the talks at expert level next week. ", 3)
	ru := strings.Repeat("Делегации договорились продолжить переговоры на уровне экспертов на следующей неделе. ", 3)
	uk := strings.Repeat("Делегації домовилися продовжити переговори на рівні експертів наступного тижня. ", 3)
	bg := strings.Repeat("Делегациите се съгласиха да продължат преговорите на експертно ниво следващата седмица. ", 3)
	sr := strings.Repeat("Делегације су се сложиле да наставе преговоре на нивоу експерата следеће недеље. ", 3)
	de := strings.Repeat("Die Delegationen vereinbarten, die Gespräche nächste Woche auf Expertenebene fortzusetzen. ", 3)
	tests := []struct {
		name     string
		declared []string
		text     string
		want     string
	}{
		{"declared en", []string{"en-US"}, en, "en"},
		{"declared ru", []string{"ru"}, ru, "ru"},
		{"en declared over Russian", []string{"en"}, ru, "ru"},
		{"ru declared over English", []string{"ru-RU"}, en, "en"},
		{"nothing declared, English", nil, en, "en"},
		{"nothing declared, Russian", nil, ru, "ru"},
		{"Ukrainian", nil, uk, "uk"},
		{"Bulgarian", nil, bg, "bg"},
		{"Serbian", nil, sr, "sr"},
		{"German", nil, de, "de"},
		{"bad declaration skipped", []string{"und", "xx-invalid-!!", "ru"}, ru, "ru"},
		{"too little text to overrule", []string{"en"}, "Привет", "en"},
		{"Russian with English names", nil, ru + " NATO OSCE UN Geneva", "ru"},
		{"no text, nothing declared", nil, "", ""},
	}
	for _, tt := range tests {
		if got := detectLanguage(tt.declared, tt.text); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

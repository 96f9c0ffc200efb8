package clip

import "testing"

func TestNormalizeDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-03-12", "2024-03-12"},
		{"2024-3-2", "2024-03-02"},
		{"2024-03-12T18:45:00+01:00", "2024-03-12T18:45:00+01:00"},
		{"2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"},
		{"2015-03-27T13:07:55.096Z", "2015-03-27T13:07:55Z"},
		{"2018-04-05T06:00", "2018-04-05"}, // no offset: the day only
		{"2019-01-03 07:00:02 GMT", "2019-01-03T07:00:02Z"},
		{"20240312", "2024-03-12"},
		{"1710265500", "2024-03-12T17:45:00Z"},
		{"1710265500000", "2024-03-12T17:45:00Z"},
		{"Tue, 12 Mar 2024 18:45:00 GMT", "2024-03-12"},
		{"March 12, 2024", "2024-03-12"},
		{"12 March 2024", "2024-03-12"},
		{"Published 3rd Feb. 2022, 10:00", "2022-02-03"},
		{"12 марта 2024", "2024-03-12"},
		{"Опубликовано: 1 сентября 2023 г.", "2023-09-01"},
		{"2024/03/12", "2024-03-12"},
		{"2024-02-30", ""},
		{"2024-13-01", ""},
		{"0001-01-01T00:00:00Z", ""},
		{"9999-12-31", ""},
		{"yesterday", ""},
		{"", ""},
		{"12", ""},
	}
	for _, tt := range tests {
		if got := normalizeDate(tt.in); got != tt.want {
			t.Errorf("normalizeDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDateFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://news.example/2023/11/05/talks-resume", "2023-11-05"},
		{"https://news.example/world/2023-11-05-talks", "2023-11-05"},
		{"https://news.example/story/20231105/talks", "2023-11-05"},
		{"https://news.example/2023/11/talks", ""},
		{"https://news.example/item/1234567890", ""},
		{"https://news.example/2023/13/45/x", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := dateFromURL(tt.in); got != tt.want {
			t.Errorf("dateFromURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPublishedTime(t *testing.T) {
	if tm, ok := PublishedTime("2024-03-12T18:45:00+01:00"); !ok || tm.UTC().Hour() != 17 {
		t.Errorf("RFC 3339: %v %v", tm, ok)
	}
	if tm, ok := PublishedTime("2024-03-12"); !ok || tm.Day() != 12 {
		t.Errorf("date: %v %v", tm, ok)
	}
	if _, ok := PublishedTime(""); ok {
		t.Error("empty parsed")
	}
}

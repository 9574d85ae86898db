package api

import (
	"strings"
	"testing"
)

func TestDuplicateKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body  string
		field string
	}{
		{`{"consent": true}`, ""},
		{`{"consent": true, "consent": false}`, "consent"},
		{`{"candidate": {"name": "a", "name": "b"}}`, "candidate.name"},
		{`{"findings": [{"title": "a"}, {"title": "b", "title": "c"}]}`, "findings[1].title"},
		{`{"answers": {"a": {"x": 1}, "b": {"x": 2}}}`, ""},
		{`{"a": [1, 2, {"b": 1}], "c": 1}`, ""},
		{`{"broken": `, ""},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			field, dup, err := duplicateKey([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if dup != (tt.field != "") || field != tt.field {
				t.Fatalf("duplicateKey = %q, %v; want %q", field, dup, tt.field)
			}
		})
	}
}

// A deeply nested body is refused at the depth limit, not walked to the end.
func TestDuplicateKeyDepth(t *testing.T) {
	t.Parallel()
	for _, body := range []string{strings.Repeat("[", 50000), `{"a":` + strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 41)} {
		if _, _, err := duplicateKey([]byte(body)); err != errTooDeep {
			t.Fatalf("nesting %d deep: err = %v, want errTooDeep", strings.Count(body, "[")+strings.Count(body, "{"), err)
		}
	}
	ok := `{"answers": {"g": [{"a": [1, {"b": [2]}]}]}}`
	if _, _, err := duplicateKey([]byte(ok)); err != nil {
		t.Fatalf("a few levels refused: %v", err)
	}
}

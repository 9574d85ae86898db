package api

import "testing"

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
			field, dup := duplicateKey([]byte(tt.body))
			if dup != (tt.field != "") || field != tt.field {
				t.Fatalf("duplicateKey = %q, %v; want %q", field, dup, tt.field)
			}
		})
	}
}

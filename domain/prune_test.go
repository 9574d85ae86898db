package domain

import (
	"reflect"
	"testing"
)

// A follow-up answer given while its trigger held is dropped once a save
// turns the trigger false, and so is every follow-up that hung on it.
func TestPruneWhenTriggerTurnsFalse(t *testing.T) {
	t.Parallel()
	tpl := questionnaireFixture(t)
	tests := []struct {
		name   string
		before Answers
		patch  Answers
		want   Answers
	}{
		{"boolean follow-up",
			Answers{"a_bool": true, "a_bool_toelichting": "toen wel"},
			Answers{"a_bool": false},
			Answers{"a_bool": false}},
		{"choice follow-up",
			Answers{"a_choice": "twee", "a_choice_datum": "2026-01-01"},
			Answers{"a_choice": "een"},
			Answers{"a_choice": "een"}},
		{"a chain: the follow-up of a follow-up goes too",
			Answers{"q1": true, "q2": false, "q3": "keten"},
			Answers{"q1": false},
			Answers{"q1": false}},
		{"a trigger cleared",
			Answers{"a_bool": true, "a_bool_toelichting": "toen wel", "a_text": "blijft"},
			Answers{"a_bool": nil},
			Answers{"a_text": "blijft"}},
		{"a trigger that still holds keeps it",
			Answers{"q1": true, "q2": false, "q3": "keten"},
			Answers{"q1": true},
			Answers{"q1": true, "q2": false, "q3": "keten"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tpl.Prune(tpl.Prune(tt.before).Merge(tt.patch)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("after saving %v over %v: %v, want %v", tt.patch, tt.before, got, tt.want)
			}
		})
	}
}

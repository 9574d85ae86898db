package workflow

import (
	"fmt"
	"strings"

	"basisscan/domain"
)

// Diagram returns the transition table as a Mermaid state diagram. Rows that
// leave the state unchanged (drafts, records) are listed per state in a note
// rather than drawn as loops, which would bury the flow.
func Diagram() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	fmt.Fprintf(&b, "    [*] --> %s : start (formateur)\n", domain.StateIntake)
	stays := map[domain.State][]string{}
	for _, t := range Table {
		label := fmt.Sprintf("%s (%s)", t.Action, t.Role)
		if t.Guard != nil {
			label += " [" + t.Guard.Name + "]"
		}
		if t.From == t.To {
			stays[t.From] = append(stays[t.From], label)
			continue
		}
		fmt.Fprintf(&b, "    %s --> %s : %s\n", t.From, t.To, label)
	}
	for _, s := range domain.States {
		if s.Final() {
			fmt.Fprintf(&b, "    %s --> [*]\n", s)
		}
	}
	for _, s := range domain.States {
		if len(stays[s]) > 0 {
			fmt.Fprintf(&b, "    note right of %s\n        stays: %s\n    end note\n", s, strings.Join(stays[s], "; "))
		}
	}
	return b.String()
}

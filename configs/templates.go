package configs

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"

	"basisscan/domain"
)

//go:embed questionnaire/*.json
var questionnaireFS embed.FS

// Templates returns the questionnaire templates shipped with the binary, keyed
// by version, after validating each. A broken template is a start-up error
// naming the file.
func Templates() (map[string]*domain.Template, error) {
	return loadTemplates(questionnaireFS, "questionnaire")
}

func loadTemplates(fsys fs.FS, dir string) (map[string]*domain.Template, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read questionnaire templates: %w", err)
	}
	out := map[string]*domain.Template{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".json" {
			continue
		}
		file := path.Join(dir, e.Name())
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		var t domain.Template
		if err := json.Unmarshal(b, &t); err != nil {
			return nil, fmt.Errorf("parse %s: %w", file, err)
		}
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		// Each office sees its own view; a view can break what the whole
		// template keeps (a condition on a question another office gets).
		for _, o := range domain.Offices {
			if err := t.For(o).Validate(); err != nil {
				return nil, fmt.Errorf("%s, as %s: %w", file, o, err)
			}
		}
		if _, dup := out[t.Version]; dup {
			return nil, fmt.Errorf("%s: template version %q is defined twice", file, t.Version)
		}
		out[t.Version] = &t
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no questionnaire templates in %s", dir)
	}
	return out, nil
}

//go:embed examples/*.json
var examplesFS embed.FS

// ExampleAnswers returns the complete example answers shipped for a
// template version (for the wethouder), as the README and the demo use them.
func ExampleAnswers(version string) (domain.Answers, error) {
	b, err := fs.ReadFile(examplesFS, "examples/answers-"+version+".json")
	if err != nil {
		return nil, fmt.Errorf("example answers %s: %w", version, err)
	}
	var body struct {
		Answers domain.Answers `json:"answers"`
	}
	if err := json.Unmarshal(b, &body); err != nil {
		return nil, fmt.Errorf("example answers %s: %w", version, err)
	}
	return body.Answers, nil
}

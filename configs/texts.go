package configs

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"text/template"

	"basisscan/domain"
)

//go:embed consent/*.md privacy/*.md
var textFS embed.FS

// Texts are the shipped consent texts and privacy statements by version,
// parsed templates of domain.TextFields.
type Texts struct {
	Consent map[string]*template.Template
	Privacy map[string]*template.Template
}

// LoadTexts returns the consent texts and privacy statements shipped with
// the binary. A text that does not parse, names an unknown placeholder or is
// empty is a start-up error naming the file.
func LoadTexts() (Texts, error) { return loadTexts(textFS) }

func loadTexts(fsys fs.FS) (Texts, error) {
	var out Texts
	var err error
	if out.Consent, err = loadTextDir(fsys, "consent"); err != nil {
		return Texts{}, err
	}
	if out.Privacy, err = loadTextDir(fsys, "privacy"); err != nil {
		return Texts{}, err
	}
	return out, nil
}

// sampleFields fills every placeholder, to find unknown ones at start-up
// rather than in front of a candidate.
var sampleFields = domain.TextFields{Organisatie: "Gemeente Voorbeeld", Ambt: "wethouder", Adviseur: "A. Adviseur",
	AdviseurEmail: "adviseur@example.nl", Formateur: "F. Formateur", Reactietermijn: "10 dagen",
	BewaarBenoemd: "4 jaar", BewaarNietBenoemd: "1 jaar", BewaarTeruggetrokken: "30 dagen", BewaarGestopt: "90 dagen"}

func loadTextDir(fsys fs.FS, dir string) (map[string]*template.Template, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read %s texts: %w", dir, err)
	}
	out := map[string]*template.Template{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".md" {
			continue
		}
		file := path.Join(dir, e.Name())
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		if strings.TrimSpace(string(b)) == "" {
			return nil, fmt.Errorf("%s is empty", file)
		}
		if err := domain.CheckText(string(b), true); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		t, err := template.New(file).Option("missingkey=error").Parse(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if err := t.Execute(io.Discard, sampleFields); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		version := strings.TrimSuffix(e.Name(), ".md")
		out[version] = t
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no %s texts in %s", dir, dir)
	}
	return out, nil
}

package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"
	"github.com/go-playground/validator/v10/non-standard/validators"

	"basisscan/domain"
)

// validate checks request DTOs; field names in its errors are the JSON names.
var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	if err := v.RegisterValidation("notblank", validators.NotBlank); err != nil {
		panic(err) // a programming error, caught by every test
	}
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	return v
}

// bindStrict decodes the JSON body into dst, refusing unknown fields and
// trailing data, then validates dst. An empty body is an empty object, so
// actions without parameters accept no body at all.
func bindStrict(c *gin.Context, dst any) error {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		if isMaxBytes(err) {
			return errTooLarge
		}
		return errMalformed("De inhoud van het verzoek kon niet worden gelezen.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	field, dup, err := duplicateKey(body)
	if err != nil {
		return err
	}
	if dup {
		// encoding/json keeps the last of two equal keys; which one the sender
		// meant is anyone's guess, so refuse both.
		return errMalformed("Het verzoek bevat een veld twee keer.",
			domain.FieldError{Field: field, Message: "Dit veld komt meer dan eens voor."})
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return errMalformed("Na het JSON-object staat nog meer tekst.")
	}
	if bad := badText(reflect.ValueOf(dst), "", false, nil); len(bad) > 0 {
		return domain.Invalid(bad...)
	}
	if err := validate.Struct(dst); err != nil {
		return validationError(err)
	}
	return nil
}

// badText returns a field error for each string in v that domain.CheckText
// refuses. Every string field is single-line unless its struct tag says
// text:"multiline", so a new request field is checked without a tag.
// Answers (values of type any) are left to the questionnaire, which knows
// which are long texts.
func badText(v reflect.Value, path string, multiline bool, out []domain.FieldError) []domain.FieldError {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out = badText(v.Elem(), path, multiline, out)
		}
	case reflect.String:
		if domain.CheckText(v.String(), multiline) != nil {
			out = append(out, domain.FieldError{Field: path, Message: domain.BadTextMessage})
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			out = badText(v.Index(i), fmt.Sprintf("%s[%d]", path, i), multiline, out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if k.Kind() == reflect.String && domain.CheckText(k.String(), false) != nil {
				out = append(out, domain.FieldError{Field: path, Message: domain.BadTextMessage})
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := jsonName(f)
			if name == "" {
				continue
			}
			p := name
			if f.Anonymous {
				p = path
			} else if path != "" {
				p = path + "." + name
			}
			out = badText(v.Field(i), p, f.Tag.Get("text") == "multiline", out)
		}
	}
	return out
}

// jsonName is the JSON key of a struct field, as encoding/json names it;
// "" for a field it skips.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return f.Name
	}
	return name
}

// maxDepth bounds the nesting of a request's JSON. No request needs more
// than a few levels; without a bound a body of "[[[[…" costs time and
// memory that grow with the square of its depth before it is refused.
const maxDepth = 32

var errTooDeep = errMalformed(fmt.Sprintf("De JSON is dieper genest dan %d niveaus.", maxDepth))

// duplicateKey reports the first key that occurs twice in one JSON object,
// as a dotted path. It returns errTooDeep for JSON nested deeper than
// maxDepth; malformed JSON reports nothing: the decoder names that.
func duplicateKey(body []byte) (string, bool, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var walk func(path string, depth int) (string, bool, error)
	walk = func(path string, depth int) (string, bool, error) {
		tok, err := dec.Token()
		if err != nil {
			return "", false, err
		}
		if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') && depth >= maxDepth {
			return "", false, errTooDeep
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return "", false, err
				}
				k, _ := kt.(string)
				p := k
				if path != "" {
					p = path + "." + k
				}
				if seen[k] {
					return p, true, nil
				}
				seen[k] = true
				if f, dup, err := walk(p, depth+1); dup || err != nil {
					return f, dup, err
				}
			}
			_, err = dec.Token() // }
			return "", false, err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if f, dup, err := walk(fmt.Sprintf("%s[%d]", path, i), depth+1); dup || err != nil {
					return f, dup, err
				}
			}
			_, err = dec.Token() // ]
			return "", false, err
		}
		return "", false, nil
	}
	f, dup, err := walk("", 0)
	if errors.Is(err, errTooDeep) {
		return "", false, errTooDeep
	}
	return f, dup, nil
}

func decodeError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		return errMalformed(fmt.Sprintf("Ongeldige JSON bij teken %d.", syn.Offset))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return errMalformed("De inhoud moet een JSON-object zijn.")
		}
		return domain.Invalid(domain.FieldError{Field: typ.Field, Message: "Verwacht " + jsonKind(typ.Type.Kind()) + "."})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errMalformed("Het verzoek bevat een onbekend veld.",
			domain.FieldError{Field: field, Message: "Dit veld bestaat niet of mag niet worden opgegeven."})
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errMalformed("De JSON is onvolledig.")
	}
	return errMalformed("De inhoud van het verzoek is geen geldige JSON.")
}

func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "tekst"
	case reflect.Bool:
		return "true of false"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "een getal"
	case reflect.Slice:
		return "een lijst"
	case reflect.Map, reflect.Struct:
		return "een object"
	}
	return "een andere soort waarde"
}

// validationError turns validator errors into Dutch field errors.
func validationError(err error) error {
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return fmt.Errorf("validate request: %w", err)
	}
	fields := make([]domain.FieldError, 0, len(verrs))
	for _, fe := range verrs {
		fields = append(fields, domain.FieldError{Field: fieldPath(fe), Message: dutchMessage(fe)})
	}
	return domain.Invalid(fields...)
}

// fieldPath drops the DTO's type name: "createScanRequest.candidate.email"
// becomes "candidate.email".
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if i := strings.IndexByte(ns, '.'); i >= 0 {
		return ns[i+1:]
	}
	return ns
}

func dutchMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "Dit veld is verplicht."
	case "email":
		return "Vul een geldig e-mailadres in."
	case "max":
		if fe.Kind() == reflect.Slice {
			return fmt.Sprintf("Hoogstens %s items.", fe.Param())
		}
		return fmt.Sprintf("Hoogstens %s tekens.", fe.Param())
	case "min":
		return fmt.Sprintf("Minstens %s tekens.", fe.Param())
	case "oneof":
		return "Kies een van: " + strings.ReplaceAll(fe.Param(), " ", ", ") + "."
	case "datetime":
		return "Vul een datum in als JJJJ-MM-DD."
	case "notblank":
		return "Dit veld mag niet leeg zijn."
	}
	return "Deze waarde is niet geldig."
}

// parseDate converts a validated "YYYY-MM-DD" field; an empty one is zero.
func parseDate(field, s string) (domain.Date, error) {
	if s == "" {
		return domain.Date{}, nil
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		return d, domain.Invalid(domain.FieldError{Field: field, Message: "Vul een datum in als JJJJ-MM-DD."})
	}
	return d, nil
}

// bindWrite binds a write's body into dst and reads its If-Match. On a bad
// request it answers it and returns false.
func bindWrite(c *gin.Context, dst any) (ifMatchVersion *int, ok bool) {
	if err := bindStrict(c, dst); err != nil {
		respondError(c, err)
		return nil, false
	}
	im, err := ifMatch(c)
	if err != nil {
		respondError(c, err)
		return nil, false
	}
	return im, true
}

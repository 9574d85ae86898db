package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"reflect"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"
	"github.com/go-playground/validator/v10/non-standard/validators"

	"basisscan/domain"
)

// valueLists are the validation tags of fields that take one of the
// domain's values, such as `validate:"required,office"`.
var valueLists = map[string][]string{
	"office":        strs(domain.Offices),
	"source_kind":   strs(domain.SourceKinds),
	"vog_status":    strs(domain.VOGStatuses),
	"risk_domain":   strs(domain.RiskDomains),
	"finding_class": strs(domain.FindingClasses),
	"conclusion":    strs(domain.Conclusions),
	"outcome":       strs(domain.Outcomes),
	"staff_role":    strs(domain.StaffRoles),
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// validate checks request DTOs; field names in its errors are the JSON names.
var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	if err := v.RegisterValidation("notblank", validators.NotBlank); err != nil {
		panic(err) // a programming error, caught by every test
	}
	// Each list of values a field takes is the domain's, named once here.
	for alias, values := range valueLists {
		v.RegisterAlias(alias, "oneof="+strings.Join(values, " "))
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

// bindStrict decodes the JSON body into dst, refusing unknown fields, keys
// that match a field only when case is ignored, duplicate keys and trailing
// data, then validates dst. An empty body is an empty object, so actions
// without parameters accept no body at all, and need no Content-Type; a
// body must be declared JSON.
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
	} else if !isJSON(c.GetHeader("Content-Type")) {
		return errUnsupported
	}
	if err := checkKeys(body, reflect.TypeOf(dst)); err != nil {
		return err
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

// isJSON reports whether a Content-Type is application/json or a
// structured type application/*+json, with any parameters.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
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
// checkKeys walks the JSON body alongside the type it is decoded into, and
// refuses the first key that occurs twice in one object, and the first key
// of a struct that names no field exactly: encoding/json would match it
// ignoring case, so that {"consent":true,"Consent":false} refuses consent.
// Malformed JSON reports nothing: the decoder names that. It returns
// errTooDeep for JSON nested deeper than maxDepth.
func checkKeys(body []byte, typ reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	var walk func(path string, depth int, typ reflect.Type) error
	walk = func(path string, depth int, typ reflect.Type) error {
		for typ != nil && typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') && depth >= maxDepth {
			return errTooDeep
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := kt.(string)
				p := k
				if path != "" {
					p = path + "." + k
				}
				if seen[k] {
					// encoding/json keeps the last of two equal keys; which
					// one the sender meant is anyone's guess, so refuse both.
					return errMalformed("Het verzoek bevat een veld twee keer.",
						domain.FieldError{Field: p, Message: "Dit veld komt meer dan eens voor."})
				}
				seen[k] = true
				var elem reflect.Type
				if typ != nil {
					switch typ.Kind() {
					case reflect.Struct:
						f, ok := fieldByJSONName(typ, k)
						if !ok {
							return errUnknownField(p)
						}
						elem = f.Type
					case reflect.Map:
						elem = typ.Elem()
					}
				}
				if err := walk(p, depth+1, elem); err != nil {
					return err
				}
			}
			_, err = dec.Token() // }
			return err
		case json.Delim('['):
			var elem reflect.Type
			if typ != nil && (typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array) {
				elem = typ.Elem()
			}
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i), depth+1, elem); err != nil {
					return err
				}
			}
			_, err = dec.Token() // ]
			return err
		}
		return nil
	}
	err := walk("", 0, typ)
	if _, ok := domain.AsError(err); ok {
		return err
	}
	return nil
}

// fieldByJSONName returns the field of struct type t whose JSON key is
// exactly name, looking into embedded structs as encoding/json does.
func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
			if g, ok := fieldByJSONName(f.Type, name); ok {
				return g, true
			}
			continue
		}
		if f.IsExported() && jsonName(f) == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func errUnknownField(field string) error {
	return errMalformed("Het verzoek bevat een onbekend veld.",
		domain.FieldError{Field: field, Message: "Dit veld bestaat niet of mag niet worden opgegeven."})
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
		return errUnknownField(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`))
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
	switch fe.ActualTag() { // an alias of valueLists fails as its oneof
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
	if e, ok := domain.AsError(err); ok {
		return d, domain.Invalid(domain.FieldError{Field: field, Message: e.Message})
	}
	return d, err
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

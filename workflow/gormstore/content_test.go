package gormstore

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
)

var update = flag.Bool("update", false, "rewrite testdata/content-v3.json from the encoder")

// rowFields are the fields of domain.Scan that live in columns of their
// own; every other field is case content and must be in the stored form.
// The candidate's name is content (see storedContent); the rest of the
// Person is the account's.
var rowFields = map[string]bool{"ID": true, "Reference": true, "State": true, "Version": true, "Office": true,
	"OrganisationID": true, "Organisation": true, "Policy": true, "PlannedAppointmentDate": true, "Candidate": true,
	"Adviser": true, "SecondAdviser": true, "Formateur": true, "Recipient": true, "TemplateVersion": true,
	"Outcome": true, "CreatedAt": true, "UpdatedAt": true, "ClosedAt": true, "PurgedAt": true}

// contentOnly keeps the content fields of s and the candidate's name.
func contentOnly(s *domain.Scan) domain.Scan {
	var out domain.Scan
	src, dst := reflect.ValueOf(s).Elem(), reflect.ValueOf(&out).Elem()
	for i := range src.NumField() {
		if !rowFields[src.Type().Field(i).Name] {
			dst.Field(i).Set(src.Field(i))
		}
	}
	out.Candidate.Name = s.Candidate.Name
	return out
}

// decodeInto reads stored content as toDomain does.
func decodeInto(t *testing.T, b []byte) domain.Scan {
	t.Helper()
	c, err := decodeContent(b)
	if err != nil {
		t.Fatal(err)
	}
	var s domain.Scan
	if err := c.applyTo(&s); err != nil {
		t.Fatal(err)
	}
	s.Candidate.Name = c.CandidateName
	return s
}

// notEmpty reports every zero value in v, down through pointers, slices,
// maps and nested structs: the fixture must set all of them, so that a
// field added to the domain shows up here until the store keeps it.
func notEmpty(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	if v.IsZero() || (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.Len() == 0 {
		t.Errorf("%s is empty", path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		notEmpty(t, path, v.Elem())
	case reflect.Slice:
		for i := range v.Len() {
			notEmpty(t, path+"["+strconv.Itoa(i)+"]", v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			notEmpty(t, path+"["+k.String()+"]", v.MapIndex(k))
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) || v.Type() == reflect.TypeOf(domain.Date{}) {
			return // opaque; not zero is all there is to check
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Name == "Candidate" {
				notEmpty(t, path+".Candidate.Name", v.Field(i).FieldByName("Name"))
				continue
			}
			if path == "Scan" && rowFields[f.Name] {
				continue
			}
			notEmpty(t, path+"."+f.Name, v.Field(i))
		}
	}
}

// The fixture sets every content field at every depth.
func TestContentFixtureIsFull(t *testing.T) {
	t.Parallel()
	notEmpty(t, "Scan", reflect.ValueOf(*fullContent()))
}

// Every content field, at every depth, survives encoding and decoding.
func TestContentRoundTrip(t *testing.T) {
	t.Parallel()
	want := fullContent()
	b, err := encodeContent(want)
	if err != nil {
		t.Fatal(err)
	}
	got := decodeInto(t, b)
	if !reflect.DeepEqual(got, contentOnly(want)) {
		t.Fatalf("content changed on the way:\n got %+v\nwant %+v", got, contentOnly(want))
	}
	notEmpty(t, "Scan", reflect.ValueOf(got))
}

// What databases hold decodes to the same scan: version 1 (untagged domain
// structs, no "v", written before this file existed), version 2 and 3.
func TestContentGoldenDecodes(t *testing.T) {
	t.Parallel()
	for name, full := range map[string]*domain.Scan{"content-v1.json": legacyDecoded(), "content-v2.json": legacyDecoded(),
		"content-v3.json": fullContent()} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := contentOnly(full)
			b, err := os.ReadFile("testdata/" + name)
			if err != nil {
				t.Fatal(err)
			}
			got := decodeInto(t, b)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded %s differs:\n got %+v\nwant %+v", name, got, want)
			}
		})
	}
}

// Encoding writes exactly the golden version 3: a change to the stored form
// shows here, and needs a new version and a migration, not an edit.
func TestContentEncodesGoldenV3(t *testing.T) {
	t.Parallel()
	b, err := encodeContent(fullContent())
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := json.Indent(&got, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	got.WriteByte('\n')
	const golden = "testdata/content-v3.json"
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("encoded content differs from %s (run with -update only for a new version):\n%s", golden, got.String())
	}
	if !strings.HasPrefix(string(want), "{\n  \"v\": 3,") {
		t.Fatalf("%s does not carry its version first", golden)
	}
}

// A renamed domain field cannot drop a stored value: the keys are the
// store's own. Version 1 under its old keys and version 2 under its new
// ones each fill the advice's review date.
func TestContentKeysAreTheStores(t *testing.T) {
	t.Parallel()
	at := "2026-03-21T09:30:15Z"
	for name, doc := range map[string]string{
		"v1": `{"answers":{},"advice":{"ReviewFrom":"` + at + `"}}`,
		"v2": `{"v":2,"answers":{},"advice":{"review_from":"` + at + `"}}`,
	} {
		got := decodeInto(t, []byte(doc))
		if got.Advice == nil || got.Advice.ReviewFrom == nil || got.Advice.ReviewFrom.Format(time.RFC3339) != at {
			t.Errorf("%s: review date lost: %+v", name, got.Advice)
		}
	}
}

// Content from a newer basisscan is refused, not read with structs that
// would drop what they lack on the next write.
func TestContentNewerVersionRefused(t *testing.T) {
	t.Parallel()
	_, err := decodeContent([]byte(`{"v":` + strconv.Itoa(contentVersion+1) + `,"answers":{}}`))
	if !errors.Is(err, errContentVersion) {
		t.Fatalf("got %v, want errContentVersion", err)
	}
}

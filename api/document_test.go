package api_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// Both documents of a signed scan download as stored, each named, with the
// digest of its own bytes; the raad's summary holds no response text.
func TestBothDocumentsDownload(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		e.walk(t, s, domain.StateCandidateReview)
		const comment = "Ik ben het oneens met de weging: GEHEIME REACTIE."
		e.do(t, "POST", s.p("/advice/response"), s.Candidate.Token, map[string]any{"agrees": true, "comment": comment}).want(t, http.StatusOK)
		e.walk(t, s, domain.StateDelivered)
		got := map[string]string{}
		for path, file := range map[string]string{"/advice.pdf": "advies-", "/advice-raad.pdf": "advies-raad-"} {
			for _, who := range []user{s.Formateur, s.Adviser} {
				r := e.do(t, "GET", s.p(path), who.Token, nil).want(t, http.StatusOK)
				sum := sha256.Sum256(r.Body)
				if want := "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"; r.Header.Get("Repr-Digest") != want {
					t.Errorf("%s: Repr-Digest %q, want %q", path, r.Header.Get("Repr-Digest"), want)
				}
				if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, file+s.Reference+".pdf") {
					t.Errorf("%s: Content-Disposition %q", path, cd)
				}
				got[path] = pdfText(t, r.Body)
			}
		}
		if !strings.Contains(got["/advice.pdf"], comment) {
			t.Error("the full advice lacks the candidate's response")
		}
		raad := got["/advice-raad.pdf"]
		if !strings.Contains(raad, "samenvatting voor de raad") || !strings.Contains(raad, "Maatregelen") {
			t.Errorf("the raad's summary is not one: %s", raad)
		}
		if strings.Contains(raad, "GEHEIME REACTIE") || strings.Contains(raad, "Reactie van de kandidaat") {
			t.Error("the raad's summary shows the candidate's response")
		}
	})
}

package githubapi

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDebugLogNeverLogsSecrets: a request through the debug log is logged
// with its method, path and status, and without its token, Authorization
// header, URL password or secret query values.
func TestDebugLogNeverLogsSecrets(t *testing.T) {
	t.Parallel()
	const token = "ghs_SECRETTOKEN123"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("X-GitHub-Request-Id", "ABCD:1234")
		w.Header().Set("X-RateLimit-Remaining", "4999")
		w.Write([]byte(`{"name":"r","full_name":"o/r"}`))
	}))
	defer ts.Close()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	gh, err := NewClient(token, ts.URL, &Retry{Base: &DebugLog{Log: log}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := gh.Repositories.Get(context.Background(), "o", "r"); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, strings.Replace(ts.URL, "http://", "http://user:hunter2@", 1)+"/x?access_token=abc&client_secret=def&page=2", nil)
	req.Header.Set("Authorization", "token "+token)
	(&DebugLog{Log: log}).RoundTrip(req)
	got := buf.String()
	for _, want := range []string{"method=GET", "/repos/o/r", "status=200", "request_id=ABCD:1234", "rate_limit_remaining=4999", "page=2"} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
	for _, secret := range []string{token, "SECRETTOKEN", "Authorization", "Bearer", "hunter2", "=abc", "=def"} {
		if strings.Contains(got, secret) {
			t.Errorf("log holds %q:\n%s", secret, got)
		}
	}
}

package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

// webhookFlowAssets is an assets file whose one flow calls url and says which category
// the call's result took.
func webhookFlowAssets(url string) string {
	return fmt.Sprintf(`{"flows": [{
	"uuid": "1d5d9e3c-7a63-4e5b-9c1e-0c1a3b0c8f01", "name": "Lookup", "spec_version": "14.4.2",
	"language": "eng", "type": "messaging", "revision": 1, "expire_after_minutes": 60, "localization": {},
	"nodes": [
		{"uuid": "2f1c7b1e-0a7e-4c1f-9a55-6c0f2c2b9a01",
		 "actions": [{"uuid": "3a8e7f0e-5b2d-4d8e-8a1f-7c1b2e3d4f01", "type": "call_webhook", "method": "GET", "url": %q, "headers": {}, "body": "", "result_name": "Lookup"}],
		 "router": {"type": "switch", "operand": "@results.lookup.category",
			"cases": [{"uuid": "4b9f8a1f-6c3e-4e9f-9b2a-8d2c3f4e5a01", "type": "has_only_text", "arguments": ["Success"], "category_uuid": "5c0a9b2a-7d4f-4fa0-8c3b-9e3d4a5b6c01"}],
			"categories": [
				{"uuid": "5c0a9b2a-7d4f-4fa0-8c3b-9e3d4a5b6c01", "name": "Success", "exit_uuid": "6d1b0c3b-8e5a-4ab1-9d4c-af4e5b6c7d01"},
				{"uuid": "7e2c1d4c-9f6b-4bc2-8e5d-b05f6c7d8e01", "name": "Failure", "exit_uuid": "8f3d2e5d-a07c-4cd3-9f6e-c16a7d8e9f01"}],
			"default_category_uuid": "7e2c1d4c-9f6b-4bc2-8e5d-b05f6c7d8e01"},
		 "exits": [{"uuid": "6d1b0c3b-8e5a-4ab1-9d4c-af4e5b6c7d01", "destination_uuid": "9a4e3f6e-b18d-4de4-8a7f-d27b8e9fa001"},
			{"uuid": "8f3d2e5d-a07c-4cd3-9f6e-c16a7d8e9f01", "destination_uuid": "9a4e3f6e-b18d-4de4-8a7f-d27b8e9fa001"}]},
		{"uuid": "9a4e3f6e-b18d-4de4-8a7f-d27b8e9fa001",
		 "actions": [{"uuid": "ab5f4a7f-c29e-4ef5-9b8a-e38c9fab0b01", "type": "send_msg", "text": "lookup: @results.lookup.category"}],
		 "exits": [{"uuid": "bc6a5b8a-d3af-4fa6-8c9b-f49daabc1c01"}]}
	]}]}`, url)
}

// TestRunRefusesPrivateHosts runs a flow calling a loopback server started here: by
// default the call is refused (a Failure, an error saying why and naming the flag, the
// server never reached); with -allow-private-hosts it is reached.
func TestRunRefusesPrivateHosts(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok": true}`))
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "lookup.json")
	assert.NoError(t, os.WriteFile(path, []byte(webhookFlowAssets(srv.URL+"/secret")), 0o644))

	var stdout, stderr bytes.Buffer
	code := run([]string{"run", "-json", path}, strings.NewReader(""), &stdout, &stderr)
	assert.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, `"code":"webhook:refused"`)
	assert.Contains(t, out, "is a loopback address")
	assert.Contains(t, out, "-allow-private-hosts")
	assert.Contains(t, out, `"status":"connection_error"`)
	assert.Contains(t, out, "lookup: Failure")
	assert.Equal(t, int32(0), hits.Load(), "the server must not be reached")

	stdout.Reset()
	code = run([]string{"run", "-json", "-allow-private-hosts", path}, strings.NewReader(""), &stdout, &stderr)
	assert.Equal(t, 0, code, stderr.String())
	out = stdout.String()
	assert.NotContains(t, out, "webhook:refused")
	assert.Contains(t, out, "lookup: Success")
	assert.Equal(t, int32(1), hits.Load())
}

// TestTestRefusesPrivateHosts: a golden test whose flow calls localhost (answered by a
// mock) is recorded with -allow-private-hosts; without the flag the call is refused as
// production would refuse it, so the test fails; with it the test passes again.
func TestTestRefusesPrivateHosts(t *testing.T) {
	dir := t.TempDir()
	assert.NoError(t, os.WriteFile(filepath.Join(dir, "lookup.json"), []byte(webhookFlowAssets("http://localhost:8080/price")), 0o644))
	test := `{"contact": {"uuid": "de27ecde-f228-48d3-a18a-61c39581b196", "name": "Amara", "status": "active", "created_on": "2024-03-01T09:00:00Z", "urns": ["tel:+250788123456"]},
		"trigger": {"type": "manual", "flow": {"uuid": "1d5d9e3c-7a63-4e5b-9c1e-0c1a3b0c8f01", "name": "Lookup"}, "triggered_on": "2024-03-01T10:00:00Z"},
		"http_mocks": {"http://localhost:8080/price": [{"status": 200, "body": "{\"price\": 3}"}, {"status": 200, "body": "{\"price\": 3}"}]},
		"outputs": []}`
	assert.NoError(t, os.WriteFile(filepath.Join(dir, "lookup.test.json"), []byte(test), 0o644))

	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, run([]string{"test", "-update", "-allow-private-hosts", dir}, nil, &stdout, &stderr), stdout.String()+stderr.String())
	recorded, err := os.ReadFile(filepath.Join(dir, "lookup.test.json"))
	assert.NoError(t, err)
	assert.Contains(t, string(recorded), "lookup: Success")

	stdout.Reset()
	assert.Equal(t, 1, run([]string{"test", "-v", dir}, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "webhook:refused")
	assert.Contains(t, stdout.String(), "-allow-private-hosts")

	stdout.Reset()
	assert.Equal(t, 0, run([]string{"test", "-allow-private-hosts", dir}, nil, &stdout, &stderr), stdout.String())
}

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinaryDryRun runs a flow calling every service with -dry-run through the built
// command: the flow's webhooks point at a loopback receiver that fails the test if hit,
// and the transcript shows each would-be call and the answer the flow went on with.
func TestBinaryDryRun(t *testing.T) {
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a dry run reached the receiver: %s %s", r.Method, r.URL)
	}))
	defer receiver.Close()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "flows", "services.json"))
	require.NoError(t, err)
	flow := strings.NewReplacer("https://prices.example.org", receiver.URL, "https://hooks.example.org", receiver.URL).Replace(string(data))
	dir := t.TempDir()
	path := writeFile(t, dir, "services.json", flow)

	res := runBinary(t, "", "run", "-dry-run", "-allow-private-hosts", "-msg", "maize", path)
	require.Equal(t, 0, res.code, res.stderr)
	out := res.stdout
	for _, want := range []string{
		"   dry run: GET " + receiver.URL + "/api/maize?market=\n" +
			"            headers: Accept: application/json, User-Agent: rivulet\n" +
			"            answered by the stand-in: 200 {\"dry_run\": true}\n" +
			"   webhook " + receiver.URL + "/api/maize?market= -> success 200\n",
		"   dry run: POST " + receiver.URL + "/prices\n",
		"   dry run: email to desk@example.org: Price check by Alex Test\n            body: Alex Test checked maize: 200\n   email to desk@example.org",
		"   dry run: airtime to tel:+250788000100, offering 500 RWF\n            answered by the stand-in: 500 RWF\n   airtime 500 RWF",
		"   dry run: LLM Helper Model asked: Translate to leet speak\n            input: maize prices are steady\n",
		"<- (dry run: no model was asked)\n",
		"   dry run: ticket on Market Prices for Aline Mukamana\n            note: Price question from Alex Test\n",
		"-- session completed",
	} {
		assert.Contains(t, out, want)
	}

	// mocks answer the URLs they match; the stand-in the others
	mocks := writeFile(t, dir, "mocks.json", `{"`+receiver.URL+`/api/maize*": [{"status": 503, "body": "down"}]}`)
	res = runBinary(t, "", "run", "-dry-run", "-allow-private-hosts", "-mocks", mocks, "-msg", "maize", path)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "            answered by the mock: 503 down\n   webhook "+receiver.URL+"/api/maize?market= -> response_error 503")

	// the URL rules of a real run hold: loopback is refused unless allowed
	res = runBinary(t, "", "run", "-dry-run", "-msg", "maize", path)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "   dry run: GET "+receiver.URL+"/api/maize?market=\n            headers: Accept: application/json\n"+
		"            refused, as a real run would: refused to connect: 127.0.0.1 is a loopback address")

	// -json prints each call as a line of its own
	res = runBinary(t, "", "run", "-dry-run", "-json", "-allow-private-hosts", "-msg", "maize", path)
	require.Equal(t, 0, res.code, res.stderr)
	var calls []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), l)
		if m["type"] == "dry_run_call" {
			calls = append(calls, m["call"].(map[string]any))
		}
	}
	var services []string
	for _, c := range calls {
		services = append(services, c["service"].(string))
	}
	assert.Equal(t, []string{"webhook", "webhook", "email", "airtime", "llm", "ticket"}, services, "the classifier action calls nothing: NLU is no longer supported")
	assert.Equal(t, "stand-in", calls[0]["answer"].(map[string]any)["by"])
}

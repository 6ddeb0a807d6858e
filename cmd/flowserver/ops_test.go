package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSettingsFromEnvironment serves with its database and address from the environment,
// checks a flag wins over its variable and that a bad value names the variable.
func TestSettingsFromEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	env := map[string]string{"RIVULET_DB": db, "RIVULET_ADDR": "127.0.0.1:1", "RIVULET_LOG_LEVEL": "warn"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	var out, errOut bytes.Buffer
	require.Equal(t, 0, runEnv(context.Background(), []string{"workspace", "create", "Acme"}, &out, &errOut, nil, lookup), errOut.String())
	token := string(bytes.TrimSpace(out.Bytes()))

	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		// the flag's address wins over RIVULET_ADDR (port 1 is not ours to take)
		done <- runEnv(ctx, []string{"-addr", "127.0.0.1:0"}, io.Discard, io.Discard, func(a string) { addrc <- a }, lookup)
	}()
	var addr string
	select {
	case addr = <-addrc:
	case code := <-done:
		t.Fatalf("server exited with %d", code)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	ready := false
	for i := 0; i < 200 && !ready; i++ {
		resp, err := http.Get("http://" + addr + "/readyz")
		require.NoError(t, err)
		ready = resp.StatusCode == 200
		resp.Body.Close()
		if !ready {
			assert.Equal(t, 503, resp.StatusCode)
			time.Sleep(25 * time.Millisecond)
		}
	}
	require.True(t, ready, "ready once migrated")
	// the workspace made in RIVULET_DB is the one served
	c := newClient(token)
	assert.Equal(t, []any{}, c.ok(t, addr, "GET", "/flows", nil)["flows"])
	cancel()
	assert.Equal(t, 0, <-done)

	env["RIVULET_TICK"] = "soon"
	errOut.Reset()
	assert.Equal(t, 2, runEnv(context.Background(), nil, io.Discard, &errOut, nil, lookup))
	assert.Contains(t, errOut.String(), "environment variable RIVULET_TICK has invalid value 'soon'")
	delete(env, "RIVULET_TICK")
	errOut.Reset()
	assert.Equal(t, 2, runEnv(context.Background(), []string{"-claim-lease", "0s"}, io.Discard, &errOut, nil, lookup))
	assert.Contains(t, errOut.String(), "flag -claim-lease has invalid value '0s'")
}

// TestSIGTERMDrains sends SIGTERM to a flowserver process while a message's sprint waits
// on a slow webhook: the message is answered in full, the process exits 0, and the sprint
// is in the event log when the database is opened again.
func TestSIGTERMDrains(t *testing.T) {
	var calls atomic.Int32
	called := make(chan struct{}, 1)
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case called <- struct{}{}:
		default:
		}
		time.Sleep(1500 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"price": 42}`))
	}))
	defer svc.Close()

	db := filepath.Join(t.TempDir(), "drain.db")
	token := createWorkspace(t, db)
	addr := freeAddr(t)
	p := startProc(t, addr, []string{"RIVULET_DB=" + db, "RIVULET_ALLOW_PRIVATE_HOSTS=true"})
	c := newClient(token)
	c.ok(t, addr, "PUT", "/assets", webhookAssets(t, svc.URL+"/price", 0))
	c.ok(t, addr, "POST", "/triggers", map[string]any{"type": "keyword", "keywords": []string{"price"}, "flow": priceFlowUUID})

	type answer struct {
		status int
		out    map[string]any
		err    error
	}
	ans := make(chan answer, 1)
	go func() {
		status, out, err := c.do(context.Background(), addr, "POST", "/messages", map[string]any{"urn": "tel:+250788000001", "text": "price"})
		ans <- answer{status, out, err}
	}()
	select {
	case <-called:
	case <-time.After(20 * time.Second):
		t.Fatalf("the webhook was not called:\n%s", p.logs)
	}
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	a := <-ans
	require.NoError(t, a.err, "the request under way is answered")
	require.Equal(t, 200, a.status, "%v", a.out)
	assert.Equal(t, "price 42", dig(a.out, "events", 4, "msg", "text"), "%v", a.out)
	assert.Equal(t, 0, p.wait(20*time.Second), "exit code after draining:\n%s", p.logs)
	assert.Contains(t, p.logs.String(), "flowserver draining")

	p.start() // same database
	contact := dig(a.out, "contact", "uuid").(string)
	evs := c.ok(t, addr, "GET", "/events?contact="+contact, nil)
	assert.Equal(t, []string{"msg_received", "run_started", "webhook_called", "run_result_changed", "msg_created", "run_ended"}, eventTypes(evs))
	assert.Equal(t, int32(1), calls.Load())
}

// eventTypes lists the types of an event page.
func eventTypes(page map[string]any) []string {
	var out []string
	for _, e := range page["events"].([]any) {
		out = append(out, dig(e, "event", "type").(string))
	}
	return out
}

// TestReadiness checks what the process answers while it starts, serves and drains.
func TestReadiness(t *testing.T) {
	g := &gate{}
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String()
	}
	code, body := get("/readyz")
	assert.Equal(t, 503, code)
	assert.Contains(t, body, "starting")
	code, body = get("/api/v1/flows")
	assert.Equal(t, 503, code)
	assert.Contains(t, body, "being opened and migrated")
	g.serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	code, _ = get("/readyz")
	assert.Equal(t, 200, code)
	code, _ = get("/api/v1/flows")
	assert.Equal(t, http.StatusTeapot, code)
	g.ready.Store(false)
	code, body = get("/readyz")
	assert.Equal(t, 503, code)
	assert.Contains(t, body, "draining")
	code, _ = get("/api/v1/flows")
	assert.Equal(t, http.StatusTeapot, code, "requests still reach the server while it drains")
}

// TestScale runs a small scale measurement with two worker processes.
func TestScale(t *testing.T) {
	dsn := os.Getenv("RIVULET_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("RIVULET_TEST_POSTGRES is not set")
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"scale", "-db", dsn, "-bin", binary(t), "-workers", "2", "-contacts", "20",
		"-assets", "../../testdata/flows/two_questions.json"}, &out, &errOut, nil)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "workers 2: 60 messages")
	assert.Contains(t, out.String(), "0 errors")
	assert.Contains(t, out.String(), "rows inserted")
	assert.Equal(t, 2, run(context.Background(), []string{"scale", "-db", "x.db"}, io.Discard, &errOut, nil))
	assert.Contains(t, errOut.String(), "flag -db has invalid value 'x.db'")
}

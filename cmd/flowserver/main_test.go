package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWorkspaceAndServe creates a workspace, serves on a free loopback port and checks the
// token printed once works, then stops the server.
func TestWorkspaceAndServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "test.db")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"workspace", "create", "-db", db, "Acme"}, &out, &errOut, nil), errOut.String())
	token := strings.TrimSpace(out.String())
	assert.True(t, strings.HasPrefix(token, "rvt_"), token)
	assert.Contains(t, errOut.String(), "shown only now")

	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-db", db, "-addr", "127.0.0.1:0"}, io.Discard, io.Discard, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case code := <-done:
		t.Fatalf("server exited with %d", code)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/flows", nil)
	req.Header.Set("Authorization", "Token "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, string(body))
	assert.JSONEq(t, `{"flows": []}`, string(body))
	cancel()
	assert.Equal(t, 0, <-done)
}

func TestBadArguments(t *testing.T) {
	var errOut bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"workspace"}, io.Discard, &errOut, nil))
	assert.Equal(t, 2, run(context.Background(), []string{"workspace", "create"}, io.Discard, &errOut, nil))
	assert.Equal(t, 2, run(context.Background(), []string{"-log-level", "loud"}, io.Discard, &errOut, nil))
	assert.Contains(t, errOut.String(), "'loud'")
	assert.Equal(t, 2, run(context.Background(), []string{"extra"}, io.Discard, &errOut, nil))
	assert.Equal(t, 1, run(context.Background(), []string{"-db", filepath.Join(t.TempDir(), "no", "such", "x.db")}, io.Discard, &errOut, nil))
}

func TestBench(t *testing.T) {
	var out, errOut bytes.Buffer
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	code := run(context.Background(), []string{"bench", "-assets", "../../testdata/flows/two_questions.json", "-contacts", "20", "-concurrency", "4", "-cpuprofile", prof}, &out, &errOut, nil)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "sqlite: 80 messages")
	assert.Contains(t, out.String(), "0 errors")
	assert.Contains(t, out.String(), "statements")
	info, err := os.Stat(prof)
	require.NoError(t, err)
	assert.NotZero(t, info.Size())
	assert.Equal(t, 1, run(context.Background(), []string{"bench", "-cpuprofile", filepath.Join(t.TempDir(), "no", "such", "cpu.prof")}, &out, &errOut, nil))
	assert.Contains(t, errOut.String(), "unable to write the profile")
	assert.Equal(t, 2, run(context.Background(), []string{"bench", "-contacts", "0"}, &out, &errOut, nil))
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Helpers of the tests that run flowserver as processes, built from this package.

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
	buildDir  string
)

// TestMain removes the binary the process tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary builds flowserver once for the test binary's run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		buildDir, buildErr = os.MkdirTemp("", "flowserver-bin-")
		if buildErr != nil {
			return
		}
		builtBin = filepath.Join(buildDir, "flowserver")
		out, err := exec.Command(goBin, "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %s\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	return builtBin
}

// freeAddr returns a loopback address with a port free now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// proc is a flowserver process.
type proc struct {
	t    *testing.T
	addr string
	args []string
	env  []string
	cmd  *exec.Cmd
	logs *bytes.Buffer
	done chan struct{}
	code int
}

func startProc(t *testing.T, addr string, env []string, args ...string) *proc {
	p := &proc{t: t, addr: addr, args: args, env: env}
	p.start()
	t.Cleanup(func() {
		if p.running() {
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

func (p *proc) start() {
	p.t.Helper()
	p.cmd = exec.Command(binary(p.t), append([]string{"-addr", p.addr}, p.args...)...)
	p.cmd.Env = append(os.Environ(), p.env...)
	p.logs = &bytes.Buffer{}
	p.cmd.Stderr = &lockedWriter{w: p.logs}
	require.NoError(p.t, p.cmd.Start())
	p.done = make(chan struct{})
	go func() {
		p.cmd.Wait()
		p.code = p.cmd.ProcessState.ExitCode()
		close(p.done)
	}()
	p.waitReady(60 * time.Second)
}

func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// waitReady polls /readyz until it says 200.
func (p *proc) waitReady(timeout time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if !p.running() {
			p.t.Fatalf("flowserver on %s exited with %d:\n%s", p.addr, p.code, p.logs)
		}
		resp, err := http.Get("http://" + p.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("flowserver on %s not ready in %s:\n%s", p.addr, timeout, p.logs)
}

// wait waits for the process to exit and returns its code.
func (p *proc) wait(timeout time.Duration) int {
	p.t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(timeout):
		p.t.Fatalf("flowserver on %s did not exit in %s", p.addr, timeout)
		return -1
	}
}

// createWorkspace runs `flowserver workspace create` and returns the token.
func createWorkspace(t *testing.T, db string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(binary(t), "workspace", "create", "-db", db, "Acme")
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Run(), errOut.String())
	return strings.TrimSpace(out.String())
}

// client talks to the API of one or more workers.
type client struct {
	token string
	http  *http.Client
}

func newClient(token string) *client {
	return &client{token: token, http: &http.Client{Timeout: 30 * time.Second}}
}

// do sends a request to a worker; err is a connection error (the worker is down or died).
func (c *client) do(ctx context.Context, addr, method, path string, body any) (int, map[string]any, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://"+addr+"/api/v1"+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Token "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	out := map[string]any{}
	json.Unmarshal(data, &out)
	return resp.StatusCode, out, nil
}

// ok sends a request that must succeed.
func (c *client) ok(t *testing.T, addr, method, path string, body any) map[string]any {
	t.Helper()
	status, out, err := c.do(context.Background(), addr, method, path, body)
	require.NoError(t, err)
	require.True(t, status >= 200 && status < 300, "%s %s: %d %v", method, path, status, out)
	return out
}

// dig reads a path of keys and indexes out of decoded JSON.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// lockedWriter is a writer a child's output copiers may share.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

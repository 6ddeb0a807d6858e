package delivery

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSignAndVerify(t *testing.T) {
	body := []byte(`{"event_type":"msg_created"}`)
	m := hmac.New(sha256.New, []byte("s3cret"))
	m.Write(body)
	want := "sha256=" + hex.EncodeToString(m.Sum(nil))
	assert.Equal(t, want, Sign("s3cret", body))
	assert.True(t, Verify("s3cret", body, want))
	assert.False(t, Verify("other", body, want))
	assert.False(t, Verify("s3cret", []byte(`{}`), want))
	assert.False(t, Verify("s3cret", body, ""))
}

func TestBackoff(t *testing.T) {
	b := Backoff{Base: time.Second, Max: 10 * time.Second, Rand: func() float64 { return 0 }}
	assert.Equal(t, time.Second, b.Delay(0))
	assert.Equal(t, time.Second, b.Delay(1))
	assert.Equal(t, 2*time.Second, b.Delay(2))
	assert.Equal(t, 8*time.Second, b.Delay(4))
	assert.Equal(t, 10*time.Second, b.Delay(5))
	assert.Equal(t, 10*time.Second, b.Delay(500))
	// jitter takes up to a half off
	b.Rand = func() float64 { return 0.999999 }
	assert.InDelta(t, float64(4*time.Second), float64(b.Delay(4)), float64(time.Millisecond))
	b.Rand = nil
	for range 100 {
		d := b.Delay(3)
		assert.True(t, d > 2*time.Second && d <= 4*time.Second, d)
	}
}

func TestWebhooks(t *testing.T) {
	var got *http.Request
	var body []byte
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
		w.WriteHeader(status)
		w.Write([]byte("  answer  "))
	}))
	defer srv.Close()
	req := &Request{Type: TypeWebhook, URL: srv.URL + "/x", Method: "PUT", Headers: map[string]string{"X-A": "1"}, Body: []byte(`{"a":1}`)}
	env := &Envelope{EventUUID: "e1", SinkUUID: "s1", Secret: "k"}

	// loopback is refused unless allowed
	err := NewWebhooks(nil).Send(context.Background(), req, env)
	assert.ErrorContains(t, err, "refused to connect")

	w := NewWebhooks(netguard.AllowingPrivate(true))
	router := Router{TypeWebhook: w}
	require.NoError(t, router.Send(context.Background(), req, env))
	assert.Equal(t, "PUT", got.Method)
	assert.Equal(t, "/x", got.URL.Path)
	assert.Equal(t, `{"a":1}`, string(body))
	assert.Equal(t, "1", got.Header.Get("X-A"))
	assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
	assert.Equal(t, "e1", got.Header.Get(IdempotencyHeader))
	assert.Equal(t, "s1", got.Header.Get(SinkHeader))
	assert.True(t, Verify("k", body, got.Header.Get(SignatureHeader)))

	status = http.StatusBadGateway
	err = router.Send(context.Background(), req, env)
	assert.EqualError(t, err, "PUT "+srv.URL+"/x: HTTP 502: answer")

	err = router.Send(context.Background(), &Request{Type: TypeNATS}, env)
	assert.EqualError(t, err, "no sender for destination type 'nats'")
}

package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/rivuletflows/rivulet/server"
	"github.com/stretchr/testify/require"
)

// TestMeasureEvents measures delivery throughput and subscription latency, for
// docs/events.md. It runs when RIVULET_MEASURE is set (bounded: a few thousand events).
func TestMeasureEvents(t *testing.T) {
	if os.Getenv("RIVULET_MEASURE") == "" {
		t.Skip("set RIVULET_MEASURE to measure")
	}
	const contacts = 300
	var hits atomic.Int64
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer recv.Close()

	natsURL := os.Getenv("RIVULET_TEST_NATS")
	prefix := "rivmeasure" + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	if natsURL != "" {
		nc, err := nats.Connect(natsURL)
		require.NoError(t, err)
		defer nc.Close()
		js, _ := nc.JetStream()
		_, err = js.AddStream(&nats.StreamConfig{Name: strings.ToUpper(prefix), Subjects: []string{prefix + ".>"}, Storage: nats.MemoryStorage})
		require.NoError(t, err)
		defer js.DeleteStream(strings.ToUpper(prefix))
	}
	for _, senders := range []int{4, 16} {
		h := &harness{t: t, clock: server.NewManualClock(start), open: backends(t)["sqlite"](t), configure: func(c *server.Config) {
			c.AllowPrivateWebhooks = true
			c.Events = server.EventsConfig{ManualDelivery: true, Senders: senders, NATSURL: natsURL}
		}}
		startHarness(t, h)
		uploadTwoQuestions(t, h)
		dests := []any{map[string]any{"type": "webhook", "url": recv.URL}}
		kinds := []string{"webhook"}
		if natsURL != "" {
			kinds = append(kinds, "nats")
		}
		for _, kind := range kinds {
			if kind == "nats" {
				dests = []any{map[string]any{"type": "nats", "subject": prefix + ".{event_type}"}}
			}
			sink := h.ok("POST", "/sinks", map[string]any{"name": kind, "destinations": dests})["sink"].(map[string]any)["uuid"].(string)
			for i := range contacts {
				h.ok("POST", "/messages", map[string]any{"urn": fmt.Sprintf("tel:+2507881%05d", i), "text": "Fruit please"})
			}
			t0 := time.Now()
			n := 0
			for {
				k, err := h.srv.DeliverDue(context.Background())
				require.NoError(t, err)
				if k == 0 {
					break
				}
				n += k
			}
			el := time.Since(t0)
			t.Logf("MEASURE %s delivery, %d senders: %d deliveries in %s = %.0f/s", kind, senders, n, el.Round(time.Millisecond), float64(n)/el.Seconds())
			h.api("DELETE", "/sinks/"+sink, nil)
		}
		h.stopServer()
	}

	// subscription latency: from posting a message to next returning its first event
	h := newHarness(t, backends(t)["sqlite"](t))
	uploadTwoQuestions(t, h)
	sub := h.ok("POST", "/subscriptions", map[string]any{"filter": "event_type == 'msg_created'"})["id"].(string)
	var lat []time.Duration
	for i := range 200 {
		done := make(chan time.Time, 1)
		go func() {
			req, _ := http.NewRequest("GET", h.base+"/api/v1/subscriptions/next?id="+sub+"&timeout=10s", nil)
			req.Header.Set("Authorization", "Token "+h.token)
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			done <- time.Now()
		}()
		time.Sleep(2 * time.Millisecond) // the poll is waiting
		t0 := time.Now()
		h.api("POST", "/messages", map[string]any{"urn": fmt.Sprintf("tel:+2507882%05d", i), "text": "Fruit please"})
		lat = append(lat, (<-done).Sub(t0))
		// drain the rest of the sprint's events
		for {
			status, _ := h.api("GET", "/subscriptions/next?id="+sub+"&timeout=0s", nil)
			if status != http.StatusOK {
				break
			}
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	t.Logf("MEASURE subscription latency over %d sprints: p50 %s, p99 %s, max %s", len(lat),
		lat[len(lat)/2].Round(10*time.Microsecond), lat[len(lat)*99/100].Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond))
}

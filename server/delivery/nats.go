package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// NATS publishes deliveries to JetStream. A stream must cover the subjects the sinks
// publish to; a publish JetStream doesn't acknowledge is a failure, retried like others.
type NATS struct {
	conn *nats.Conn
	js   nats.JetStreamContext
}

// DialNATS connects to the NATS server at the URL (nats://host:port).
func DialNATS(url string) (*NATS, error) {
	nc, err := nats.Connect(url, nats.Name("rivulet-flowserver"), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second))
	if err != nil {
		return nil, fmt.Errorf("unable to connect to NATS at %s: %w", url, err)
	}
	js, err := nc.JetStream()
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("unable to use JetStream at %s: %w", url, err)
	}
	return &NATS{conn: nc, js: js}, nil
}

// Close closes the connection.
func (n *NATS) Close() { n.conn.Close() }

// Send publishes the body to the subject, waiting for JetStream's acknowledgement. The
// message ID (JetStream's deduplication key) is the sink and event, so a redelivery within
// the stream's duplicate window is stored once.
func (n *NATS) Send(ctx context.Context, req *Request, env *Envelope) error {
	msg := nats.NewMsg(req.Subject)
	msg.Data = req.Body
	for k, v := range WireHeaders(req, env) {
		msg.Header.Set(k, v)
	}
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	if _, err := n.js.PublishMsg(msg, nats.Context(ctx)); err != nil {
		return fmt.Errorf("publish to '%s': %w", req.Subject, err)
	}
	return nil
}

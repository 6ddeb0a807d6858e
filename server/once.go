package server

import (
	"context"
	"encoding/json"

	"github.com/rivuletflows/rivulet/store"
)

// Work done once: a message a client may send again (its answer lost in a crash or a
// timeout) and each contact of a flow start a second worker may take over carry a key that
// the sprint stores in its own transaction. A sprint whose key is stored already changes
// nothing; two racing on the same key are settled by the database's unique key, so the
// loser rolls back with store.ErrDuplicate.

// once reports whether the work of the key was done by an earlier sprint. When it was, the
// sprint is marked a duplicate and must change nothing; otherwise the key joins the write.
func (c *sprintCtx) once(key string) (bool, error) {
	if c.state.Seen != nil {
		seen, err := c.state.Seen(key)
		if err != nil {
			return false, err
		}
		if seen {
			c.result.Duplicate = true
			c.session = c.state.Waiting
			return true, nil
		}
	}
	c.write.Keys = append(c.write.Keys, key)
	c.write.KeysOn = c.s.clock.Now()
	return false, nil
}

// duplicateResult is the answer to work already done: the contact and its latest session
// as they are now, no events, and Duplicate set.
func (s *Server) duplicateResult(ctx context.Context, ws *store.Workspace, contactUUID string) (*SprintResult, error) {
	c, err := s.store.Contact(ctx, ws.ID, contactUUID)
	if err != nil {
		return nil, err
	}
	res := &SprintResult{Contact: c.Data, Events: []json.RawMessage{}, Duplicate: true}
	if ss, err := s.store.ContactSession(ctx, ws.ID, contactUUID); err == nil {
		res.Session = viewSession(ss, false)
	}
	return res, nil
}

// maxExternalID bounds a message's external_id.
const maxExternalID = 255

// msgKey is the key of a message sent with an external id.
func msgKey(externalID string) string { return "msg:" + externalID }

// channelEventKey is the key of a channel event with the sender's id; its own namespace,
// so that a message and an event may share an id.
func channelEventKey(externalID string) string { return "channel_event:" + externalID }

// inboundKey is the key of one trigger's start for an inbound event with an idempotency key.
func inboundKey(source, idempotencyKey, triggerUUID string) string {
	return "inbound:" + source + ":" + triggerUUID + ":" + idempotencyKey
}

// flowStartKey is the key of one contact of a flow start.
func flowStartKey(startUUID, contactUUID string) string {
	return "flow_start:" + startUUID + ":" + contactUUID
}

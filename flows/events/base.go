// Package events holds the events a sprint logs: one file per event type, each a plain
// struct that marshals to the JSON the caller acts on. Every type registers itself, so a
// stored event log reads back into the same typed values with Read and ReadList (the
// server and event filters work on those); a test reads and rewrites every recorded
// sprint.
package events

import (
	"time"

	"github.com/rivuletflows/rivulet/utils"
)

// Event is anything a sprint logs. Events are created without identity and stamped with
// a UUID and creation time by the session when logged, so constructors need no clock.
type Event interface {
	Type() string
	UUID() utils.UUID
	CreatedOn() time.Time
	// Stamp gives the event its identity; the session calls it once, when logging.
	Stamp(uuid utils.UUID, createdOn time.Time)
}

// Base is embedded by every event type and carries the common JSON fields.
type Base struct {
	UUID_      utils.UUID `json:"uuid"`
	Type_      string     `json:"type"`
	CreatedOn_ time.Time  `json:"created_on"`
}

// NewBase starts an event of the given type.
func NewBase(typeName string) Base { return Base{Type_: typeName} }

// Type returns the event's type name, e.g. msg_created.
func (e *Base) Type() string { return e.Type_ }

// UUID returns the event's UUID.
func (e *Base) UUID() utils.UUID { return e.UUID_ }

// CreatedOn returns when the event was logged.
func (e *Base) CreatedOn() time.Time { return e.CreatedOn_ }

// Stamp sets the event's UUID and creation time.
func (e *Base) Stamp(uuid utils.UUID, createdOn time.Time) { e.UUID_, e.CreatedOn_ = uuid, createdOn }

// Callback receives events as they are logged.
type Callback func(Event)

package modifiers

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeTimezone is the type of the timezone modifier.
const TypeTimezone = "timezone"

// Timezone sets the contact's timezone (nil clears it).
//
//	{"type": "timezone", "timezone": "Africa/Kigali"}
type Timezone struct {
	Timezone *time.Location
}

// NewTimezone creates a timezone modifier.
func NewTimezone(tz *time.Location) *Timezone { return &Timezone{Timezone: tz} }

func (m *Timezone) Type() string { return TypeTimezone }

// Apply sets the timezone, logging contact_timezone_changed when it differs.
func (m *Timezone) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	if !c.SetTimezone(m.Timezone) {
		return false
	}
	name := ""
	if m.Timezone != nil {
		name = m.Timezone.String()
	}
	log(events.NewContactTimezoneChanged(name))
	return true
}

// MarshalJSON writes {"type": "timezone", "timezone": "Africa/Kigali"}.
func (m *Timezone) MarshalJSON() ([]byte, error) {
	name := ""
	if m.Timezone != nil {
		name = m.Timezone.String()
	}
	return json.Marshal(map[string]string{"type": TypeTimezone, "timezone": name})
}

func init() {
	register(TypeTimezone, func(data []byte, _ *assets.Collection) (Modifier, error) {
		var e struct {
			Timezone string `json:"timezone"`
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, err
		}
		m := &Timezone{}
		if e.Timezone != "" {
			tz, err := time.LoadLocation(e.Timezone)
			if err != nil {
				return nil, fmt.Errorf("field 'timezone' has invalid value '%s'", e.Timezone)
			}
			m.Timezone = tz
		}
		return m, nil
	})
}

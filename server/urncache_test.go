package server_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestURNCache checks that a message goes to the URN's owner however the URN moved since
// the server last saw it: dropped by its contact (a new contact gets the message), its
// contact deleted (likewise), taken by another contact (that one gets it).
func TestURNCache(t *testing.T) {
	for name, backend := range backends(t) {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, backend(t))
			uploadTwoQuestions(t, h)
			const urn = "tel:+250788000950"
			contactOf := func(text string) string {
				t.Helper()
				out := h.ok("POST", "/messages", map[string]any{"urn": urn, "text": text})
				return get(out, "contact", "uuid").(string)
			}
			a := contactOf("fruit")
			require.Equal(t, a, contactOf("mango"), "the same contact while it has the URN")

			// the contact drops the URN: the next message makes a new contact
			h.ok("PATCH", "/contacts/"+a, map[string]any{"urns": []string{"tel:+250788000951"}})
			b := contactOf("fruit")
			assert.NotEqual(t, a, b)
			assert.Equal(t, b, contactOf("mango"))

			// the contact is deleted: likewise
			h.ok("DELETE", "/contacts/"+b, nil)
			c := contactOf("fruit")
			assert.NotEqual(t, b, c)

			// the URN moves to the first contact: it gets the messages again
			h.ok("PATCH", "/contacts/"+c, map[string]any{"urns": []string{"tel:+250788000952"}})
			h.ok("PATCH", "/contacts/"+a, map[string]any{"urns": []string{urn}})
			assert.Equal(t, a, contactOf("fruit"))

			// the messages are in their contacts' logs
			for contact, n := range map[string]int{a: 3, b: 2} {
				evs := h.ok("GET", "/events?limit=1000&contact="+contact, nil)["events"].([]any)
				got := 0
				for _, e := range evs {
					if get(e, "event", "type") == "msg_received" {
						got++
					}
				}
				assert.Equal(t, n, got, "messages received by %s", contact)
			}
		})
	}
}

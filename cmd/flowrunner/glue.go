package main

import (
	"encoding/json"
	"fmt"
	"github.com/rivuletflows/rivulet/utils"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/services/servicestest"
)

// replayServices builds the mock HTTP transport of a test's http_mocks.
func replayServices(mocks json.RawMessage) (*servicestest.MockTransport, error) {
	if len(mocks) == 0 || string(mocks) == "null" {
		return servicestest.NewMockTransport(nil)
	}
	return servicestest.NewMockTransport(mocks)
}

// readContact reads a test's contact against the session's assets.
func readContact(sa *engine.Assets, data json.RawMessage) (*flows.Contact, error) {
	if len(data) == 0 || string(data) == "null" {
		return nil, nil
	}
	return flows.ReadContact(sa.Collection, data, nil)
}

// readCall reads a test's voice call, nil when there is none.
func readCall(data json.RawMessage) (*flows.Call, error) {
	if len(data) == 0 || string(data) == "null" {
		return nil, nil
	}
	c := &flows.Call{}
	if err := json.Unmarshal(data, c); err != nil {
		return nil, fmt.Errorf("unable to read call: %w", utils.DescribeJSONError(err))
	}
	return c, nil
}
